package io.cinema.auth.support;

import java.util.List;
import java.util.Map;

/** A tiny JSON writer for tests that must send exactly the characters they mean. */
public final class RawJson {

    private RawJson() {
    }

    /**
     * JSON with every non-printable or non-ASCII character as a unicode escape, so NULs and unpaired surrogates reach
     * the server exactly as meant (a client library would refuse or mangle them).
     */
    public static String write(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    sb.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7e) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            return sb.append('"').toString();
        }
        if (value instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> en : m.entrySet()) {
                sb.append(sb.length() > 1 ? "," : "").append(write(String.valueOf(en.getKey()))).append(':')
                        .append(write(en.getValue()));
            }
            return sb.append('}').toString();
        }
        if (value instanceof List<?> l) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : l) {
                sb.append(sb.length() > 1 ? "," : "").append(write(o));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }
}
