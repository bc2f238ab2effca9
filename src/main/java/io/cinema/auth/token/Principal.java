package io.cinema.auth.token;

import java.util.List;
import java.util.UUID;

/**
 * The caller behind a verified access token whose session is live, with the user's current roles. It is the
 * principal of the request's {@code SecurityIdentity}; its name is the user id, which never changes (a username can).
 */
public record Principal(UUID userId, UUID sessionId, String username, List<String> roles)
        implements java.security.Principal {

    @Override
    public String getName() {
        return userId.toString();
    }

    public boolean isSuperuser() {
        return roles.contains(UserState.SUPERUSER);
    }

    public boolean hasRole(String role) {
        return isSuperuser() || roles.contains(role);
    }
}
