package io.cinema.auth.token;

import java.util.List;
import java.util.UUID;

/** The caller behind a verified access token whose session is live, with the user's current roles. */
public record Principal(UUID userId, UUID sessionId, String username, List<String> roles) {

    public boolean isSuperuser() {
        return roles.contains(UserState.SUPERUSER);
    }

    public boolean hasRole(String role) {
        return isSuperuser() || roles.contains(role);
    }
}
