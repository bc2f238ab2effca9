package io.cinema.auth.token;

import java.util.List;
import java.util.UUID;

/**
 * The caller behind a verified access token whose session is live, with the user's current roles. It is the
 * principal of the request's {@code SecurityIdentity}; its name is the user id, which never changes (a username can).
 * The permission check and forward authentication also see service clients: {@link #clientId} set, no user, no
 * session, the client's current roles.
 */
public record Principal(UUID userId, UUID sessionId, String username, List<String> roles, String clientId)
        implements java.security.Principal {

    /** A user with a live session. */
    public Principal(UUID userId, UUID sessionId, String username, List<String> roles) {
        this(userId, sessionId, username, roles, null);
    }

    /** A service client (client credentials): no user, no session; only the permission check and forward auth see it. */
    public static Principal client(String clientId, List<String> roles) {
        return new Principal(null, null, null, roles, clientId);
    }

    public boolean isClient() {
        return clientId != null;
    }

    @Override
    public String getName() {
        return isClient() ? clientId : userId.toString();
    }

    /** Never a client: a client's roles can never hold superuser (refused when set), and this does not trust them to. */
    public boolean isSuperuser() {
        return !isClient() && roles.contains(UserState.SUPERUSER);
    }

    public boolean hasRole(String role) {
        return isSuperuser() || roles.contains(role);
    }
}
