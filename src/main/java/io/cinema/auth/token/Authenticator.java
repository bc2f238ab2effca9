package io.cinema.auth.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.AuthConfig;
import io.cinema.auth.support.ErrorCode;

/** Turns an Authorization header into a {@link Principal}: signature, claims, then live session and user state. */
@ApplicationScoped
public class Authenticator {

    @Inject
    AccessTokens tokens;
    @Inject
    StateCache cache;
    @Inject
    AuthConfig config;

    /** Superuser, or the role named by {@code auth.admin-role}. */
    public boolean isAdmin(Principal p) {
        return p.isSuperuser() || config.adminRole().map(p.roles()::contains).orElse(false);
    }

    /** The bearer token of the header, or null when the header carries none. */
    public static String bearer(String authorization) {
        if (authorization == null) {
            return null;
        }
        String h = authorization.trim();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = h.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    public Principal authenticate(String authorization) {
        String token = bearer(authorization);
        if (token == null) {
            throw new ApiException(ErrorCode.TOKEN_MISSING, "A bearer access token is required");
        }
        return authenticateToken(token);
    }

    public Principal authenticateToken(String token) {
        AccessTokens.Claims claims = tokens.verify(token);
        StateCache.Snapshot state = cache.lookup(claims.sessionId(), claims.userId());
        if (!state.session().live()) {
            throw new ApiException(ErrorCode.TOKEN_REVOKED, "The session of this token was ended");
        }
        if (!claims.userId().equals(state.session().userId()) || state.user() == null) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
        }
        if (!state.user().active()) {
            throw new ApiException(ErrorCode.ACCOUNT_DISABLED, "The account is disabled");
        }
        return new Principal(claims.userId(), claims.sessionId(), state.user().username(), state.user().roles());
    }
}
