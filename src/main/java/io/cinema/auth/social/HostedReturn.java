package io.cinema.auth.social;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import io.cinema.auth.support.ApiException;

/**
 * A hosted page that a provider login started from it returns to, through the hosted {@code /social-callback}. The
 * pages are a fixed allow-list and the only query a page keeps is one it declares (the device page's
 * {@code user_code}, so the code the TV showed is still filled in after the provider's round trip). The address the
 * browser is sent back to is always rebuilt from these parts, never taken from a request: no open redirect.
 */
public record HostedReturn(String page, String userCode) {

    /** Where the provider sends the browser back for a flow started on a hosted page, under the public URL. */
    public static final String CALLBACK_PATH = "/social-callback";
    static final Set<String> PAGES = Set.of("device");
    /** A user code as typed or prefilled: {@code BCDF-GHJK}, any case, with or without dashes. */
    private static final Pattern USER_CODE = Pattern.compile("[A-Za-z0-9-]{1,16}");
    private static final int MAX = 64;

    /**
     * Reads {@code return_to} as authorize takes it: {@code device} or {@code device?user_code=BCDF-GHJK} (a leading
     * slash is allowed); null when absent or empty (an API client's flow). Anything else is 400 VALIDATION_FAILED.
     */
    public static HostedReturn parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        HostedReturn r = raw.length() > MAX ? null : read(raw);
        if (r == null) {
            throw ApiException.validation("return_to", "names no hosted page a login may return to");
        }
        return r;
    }

    /** What a flow recorded (its {@link #relative()} form); null when nothing or something no longer allowed. */
    public static HostedReturn recorded(String stored) {
        return stored == null || stored.length() > MAX ? null : read(stored);
    }

    private static HostedReturn read(String raw) {
        String s = raw.startsWith("/") ? raw.substring(1) : raw;
        int q = s.indexOf('?');
        String page = q < 0 ? s : s.substring(0, q);
        if (!PAGES.contains(page)) {
            return null;
        }
        if (q < 0 || q == s.length() - 1) {
            return new HostedReturn(page, null);
        }
        String query = s.substring(q + 1);
        if (!query.startsWith("user_code=") || query.indexOf('&') >= 0) {
            return null;
        }
        String code = URLDecoder.decode(query.substring("user_code=".length()), StandardCharsets.UTF_8);
        if (code.isEmpty()) {
            return new HostedReturn(page, null);
        }
        return USER_CODE.matcher(code).matches() ? new HostedReturn(page, code) : null;
    }

    /** The page's address relative to the public URL, as the hosted pages link each other. */
    public String relative() {
        return userCode == null ? page : page + "?user_code=" + URLEncoder.encode(userCode, StandardCharsets.UTF_8);
    }
}
