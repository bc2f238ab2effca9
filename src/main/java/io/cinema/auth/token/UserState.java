package io.cinema.auth.token;

import java.util.List;
import java.util.UUID;

/** What authorization needs to know of a user, cached in Redis: version, active flag, username and role names. */
public record UserState(UUID userId, long version, boolean active, String username, List<String> roles) {

    public static final String SUPERUSER = "superuser";

    String encode() {
        return version + "|" + (active ? "1" : "0") + "|" + username + "|" + String.join(",", roles);
    }

    static UserState decode(UUID userId, String value) {
        String[] p = value.split("\\|", 4);
        if (p.length != 4) {
            return null;
        }
        List<String> roles = p[3].isEmpty() ? List.of() : List.of(p[3].split(","));
        return new UserState(userId, Long.parseLong(p[0]), "1".equals(p[1]), p[2], roles);
    }
}
