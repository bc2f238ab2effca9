package io.cinema.auth.token;

import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into a {@link Principal}: signature, claims, then live session and user state. The HTTP
 * endpoints reach it through {@link BearerIdentityProvider}; the permission check and the social flow, which answer
 * anonymous callers too, call it themselves.
 */
@ApplicationScoped
public class Authenticator {

    @Inject
    VerifiedTokens tokens;
    @Inject
    StateCache cache;
    @Inject
    ClientStateLookup clients;
    @Inject
    TokenConfig config;

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
            throw ApiException.tokenMissing();
        }
        return authenticateToken(token);
    }

    /**
     * The caller of a bearer token, blocking: for callers already on a worker thread (the social flow). A session read
     * from PostgreSQL needs a request context, which this activates when there is none.
     */
    @ActivateRequestContext
    public Principal authenticateToken(String token) {
        AccessTokens.Claims claims = tokens.verify(token);
        return principal(claims, cache.lookup(claims.sessionId(), claims.userId()));
    }

    /**
     * The caller of a bearer token without blocking: the signature check (once per token, see {@link VerifiedTokens})
     * and one asynchronous Redis read on the calling thread, PostgreSQL only on a cache miss and on a worker thread.
     * A refusal fails the Uni with its {@link ApiException}; an outage with the dependency's error.
     */
    public Uni<Principal> authenticateAsync(String token) {
        return authenticateCallerAsync(token).map(Caller::principal);
    }

    /** The caller of a token and the user state it was decided on. */
    public record Caller(Principal principal, UserState user) {
    }

    /** {@link #authenticateAsync}, with the user's cached state (its profile answers the account's own reads). */
    public Uni<Caller> authenticateCallerAsync(String token) {
        AccessTokens.Claims claims;
        try {
            claims = tokens.verify(token);
        } catch (ApiException refused) {
            return Uni.createFrom().failure(refused);
        }
        return cache.lookupAsync(claims.sessionId(), claims.userId(),
                state -> new Caller(principal(claims, state), state.user()));
    }

    /**
     * A user's or a service client's token, without blocking: for the permission check and forward authentication,
     * the only places a client's token counts. A client passes while it is active, with its current roles; a disabled
     * or deleted client's tokens are TOKEN_REVOKED at once. {@code then} is what the caller makes of the principal,
     * applied in the same step (a refusal it throws fails the Uni): a user's token costs one Uni in all (see
     * {@link StateCache#lookupAsync}).
     */
    public <T> Uni<T> authenticateAnyAsync(String token, Function<Principal, T> then) {
        AccessTokens.Claims claims;
        try {
            claims = tokens.verifyAny(token);
        } catch (ApiException refused) {
            return Uni.createFrom().failure(refused);
        }
        if (!claims.isClient()) {
            return cache.lookupAsync(claims.sessionId(), claims.userId(),
                    state -> then.apply(principal(claims, state)));
        }
        return clients.lookupAsync(claims.clientId()).map(state -> {
            if (!state.active()) {
                throw new ApiException(ErrorCode.TOKEN_REVOKED, "This service client is disabled");
            }
            return then.apply(Principal.client(claims.clientId(), state.roles()));
        });
    }

    /** The caller with the user's current roles, as far as the session lets its tokens carry them. */
    private Principal principal(AccessTokens.Claims claims, StateCache.Snapshot state) {
        if (!state.session().live()) {
            throw new ApiException(ErrorCode.TOKEN_REVOKED, "The session of this token was ended");
        }
        if (!claims.userId().equals(state.session().userId()) || state.user() == null) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
        }
        if (!state.user().active()) {
            throw new ApiException(ErrorCode.ACCOUNT_DISABLED, "The account is disabled");
        }
        return new Principal(claims.userId(), claims.sessionId(), state.user().username(),
                Sessions.tokenRoles(state.user().roles(), state.session().allowedRoles(), config.adminRole()));
    }
}
