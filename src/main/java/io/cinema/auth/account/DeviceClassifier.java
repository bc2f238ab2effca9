package io.cinema.auth.account;

import java.util.Locale;
import java.util.Set;

import ua_parser.CachingParser;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Classifies a user agent as desktop, mobile, tablet, bot or other, with the uap-core rules (uap-java). A session the
 * device flow opened is a {@link #TV} whatever its agent says: the flow exists for TVs, whose agents vary too much.
 */
public final class DeviceClassifier {

    /** The device class of a session signed in by device code, and of its history. */
    public static final String TV = "tv";

    private static final Parser PARSER = new CachingParser();
    private static final Set<String> MOBILE_OS = Set.of("ios", "android", "windows phone", "blackberry os", "kaios",
            "firefox os", "symbian os", "tizen", "harmonyos");
    private static final Set<String> DESKTOP_OS = Set.of("windows", "mac os x", "macos", "linux", "ubuntu", "chrome os",
            "fedora", "debian", "freebsd", "openbsd", "netbsd", "solaris", "chromecast", "red hat", "suse", "mint");

    private DeviceClassifier() {
    }

    public static String classify(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "other";
        }
        Client c;
        try {
            c = PARSER.parse(userAgent);
        } catch (RuntimeException e) {
            return "other";
        }
        String device = lower(c.device == null ? null : c.device.family);
        String os = lower(c.os == null ? null : c.os.family);
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if ("spider".equals(device) || ua.contains("bot/") || ua.contains("crawler") || ua.contains("spider")) {
            return "bot";
        }
        if (device.contains("ipad") || device.contains("tablet") || device.contains("kindle")
                || device.startsWith("galaxy tab") || ("android".equals(os) && !ua.contains("mobile"))) {
            return "tablet";
        }
        if (MOBILE_OS.contains(os) || device.contains("iphone") || ua.contains("mobile")) {
            return "mobile";
        }
        if (DESKTOP_OS.contains(os) || os.startsWith("windows")) {
            return "desktop";
        }
        return "other";
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
