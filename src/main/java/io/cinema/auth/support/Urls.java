package io.cinema.auth.support;

/** URL text helpers shared by discovery, social login and the public URL. */
public final class Urls {

    private Urls() {
    }

    /** The URL without one trailing slash, so {@code base + "/path"} never doubles it. */
    public static String withoutTrailingSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
