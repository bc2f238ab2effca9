package io.cinema.auth.support;

/**
 * Makes text from a request fit for one log line. A path or header an attacker chose could otherwise hold CR or LF
 * and forge whole log lines after ours, or terminal escapes and bidirectional overrides that disguise one: every
 * control, format and line-separator character becomes a visible backslash-u escape of its code, a backslash is
 * doubled (so an escape in the log always means we wrote it), and the result is bounded.
 */
public final class LogSafe {

    /** Longest text kept of one value; the rest is replaced by a count. */
    public static final int MAX_LENGTH = 200;

    private LogSafe() {
    }

    public static String escape(String raw) {
        return escape(raw, MAX_LENGTH);
    }

    /** {@code raw} with unsafe characters escaped, cut after {@code max} characters of input; null stays "null". */
    public static String escape(String raw, int max) {
        if (raw == null) {
            return "null";
        }
        int end = Math.min(raw.length(), max);
        if (end < raw.length() && end > 0 && Character.isHighSurrogate(raw.charAt(end - 1))) {
            end--; // never split a pair into an unpaired surrogate
        }
        StringBuilder sb = new StringBuilder(end + 16);
        for (int i = 0; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '\\') {
                sb.append("\\\\");
            } else if (unsafe(c, raw, i)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (end < raw.length()) {
            sb.append("...(").append(raw.length() - end).append(" more)");
        }
        return sb.toString();
    }

    private static boolean unsafe(char c, String s, int i) {
        if (Character.isISOControl(c)) {
            return true; // C0, DEL and C1 (NEL included)
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return switch (Character.getType(c)) {
            // U+2028/2029 and the bidirectional overrides and isolates (Cf) that reorder what a reader sees
            case Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.FORMAT, Character.UNASSIGNED -> true;
            default -> false;
        };
    }
}
