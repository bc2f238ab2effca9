package io.cinema.auth.support;

/** Who is calling, as far as the service can tell: the client IP (proxy-aware) and the user agent. */
public record RequestMeta(String ip, String userAgent) {

    public static final int MAX_USER_AGENT = 512;

    public RequestMeta {
        if (userAgent != null) {
            userAgent = clean(userAgent);
        }
    }

    /** Control characters never reach storage or logs; overlong agents are cut. */
    private static String clean(String text) {
        StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_USER_AGENT));
        for (int i = 0; i < text.length() && sb.length() < MAX_USER_AGENT; i++) {
            char c = text.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString();
    }
}
