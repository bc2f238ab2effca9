package io.cinema.auth.token;

import java.util.List;
import java.util.UUID;

/**
 * What authorization needs to know of a user, cached in Redis: version, active flag, username and role names. The
 * encoded form is only the value of a sealed cache entry ({@link StateCache}): it is decoded only after its MAC.
 */
public record UserState(UUID userId, long version, boolean active, String username, List<String> roles) {

    public static final String SUPERUSER = "superuser";

    /** {@code version|active|username|roles}: the version first, so Redis scripts can compare it. */
    String encode() {
        return version + "|" + (active ? "1" : "0") + "|" + username + "|" + String.join(",", roles);
    }

    /** The state, or null when the value is not one {@link #encode} writes. */
    static UserState decode(UUID userId, String value) {
        String[] p = value.split("\\|", 4);
        if (p.length != 4 || !("1".equals(p[1]) || "0".equals(p[1]))) {
            return null;
        }
        long version;
        try {
            version = Long.parseLong(p[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        List<String> roles = p[3].isEmpty() ? List.of() : List.of(p[3].split(","));
        return new UserState(userId, version, "1".equals(p[1]), p[2], roles);
    }
}
