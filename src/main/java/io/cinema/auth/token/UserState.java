package io.cinema.auth.token;

import java.util.List;
import java.util.UUID;

/**
 * What authorization needs to know of a user, cached in Redis: version, active flag, username and role names, and
 * the account's own profile as the account feature encodes it ({@code profile}, opaque here; null when the entry has
 * none), so that {@code GET /api/v1/account} answers from the entry the bearer check has just read. Every change of
 * anything in it bumps the version and is pushed through the cache outbox. The encoded form is only the value of a
 * sealed cache entry ({@link StateCache}): it is decoded only after its MAC.
 */
public record UserState(UUID userId, long version, boolean active, String username, List<String> roles,
        String profile) {

    public static final String SUPERUSER = "superuser";

    public UserState(UUID userId, long version, boolean active, String username, List<String> roles) {
        this(userId, version, active, username, roles, null);
    }

    /**
     * {@code version|active|username|roles[|profile]}: the version first, so Redis scripts can compare it; the profile
     * last, so it may hold any character (usernames and role names cannot hold {@code |}).
     */
    String encode() {
        String base = version + "|" + (active ? "1" : "0") + "|" + username + "|" + String.join(",", roles);
        return profile == null ? base : base + "|" + profile;
    }

    /** The state, or null when the value is not one {@link #encode} writes. */
    static UserState decode(UUID userId, String value) {
        String[] p = value.split("\\|", 5);
        if (p.length < 4 || !("1".equals(p[1]) || "0".equals(p[1]))) {
            return null;
        }
        long version;
        try {
            version = Long.parseLong(p[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        List<String> roles = p[3].isEmpty() ? List.of() : List.of(p[3].split(","));
        return new UserState(userId, version, "1".equals(p[1]), p[2], roles, p.length == 5 ? p[4] : null);
    }
}
