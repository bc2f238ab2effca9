package io.cinema.auth.token;

import java.util.List;

/**
 * What authorization needs to know of a service client, cached in Redis: version, active flag, role names and scopes.
 * A client that does not exist (never did, or was deleted) is inactive with no roles. The encoded form is only the
 * value of a sealed cache entry: it is decoded only after its MAC.
 */
public record ClientState(String clientId, long version, boolean active, List<String> roles, List<String> scopes) {

    public ClientState {
        roles = List.copyOf(roles);
        scopes = List.copyOf(scopes);
    }

    /** The state of a client id nobody has: inactive, nothing granted. */
    public static ClientState unknown(String clientId) {
        return new ClientState(clientId, 0, false, List.of(), List.of());
    }

    /** {@code version|active|roles|scopes}: the version first, so Redis scripts can compare it. */
    public String encode() {
        return version + "|" + (active ? "1" : "0") + "|" + String.join(",", roles) + "|" + String.join(" ", scopes);
    }

    /** The state, or null when the value is not one {@link #encode} writes. */
    public static ClientState decode(String clientId, String value) {
        String[] p = value.split("\\|", -1);
        if (p.length != 4 || !("1".equals(p[1]) || "0".equals(p[1]))) {
            return null;
        }
        long version;
        try {
            version = Long.parseLong(p[0]);
        } catch (NumberFormatException e) {
            return null;
        }
        List<String> roles = p[2].isEmpty() ? List.of() : List.of(p[2].split(","));
        List<String> scopes = p[3].isEmpty() ? List.of() : List.of(p[3].split(" "));
        return new ClientState(clientId, version, "1".equals(p[1]), roles, scopes);
    }
}
