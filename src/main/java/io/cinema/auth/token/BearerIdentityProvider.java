package io.cinema.auth.token;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cinema.auth.support.ApiException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Turns a bearer token into a {@link SecurityIdentity} through {@link Authenticator}: principal our {@link Principal}
 * (named by the user id), roles the user's current role names, attributes the user and session ids. The session and
 * user check reads Redis without blocking; PostgreSQL, on a cache miss only, is read on a worker thread. A refused
 * token fails authentication with the refusal (its contract code) as the cause; an outage fails as itself (503).
 */
@ApplicationScoped
public class BearerIdentityProvider implements IdentityProvider<BearerIdentityProvider.Request> {

    /** Identity attribute: the caller's user id ({@link java.util.UUID}). */
    public static final String USER_ID = "user_id";
    /** Identity attribute: the id of the caller's session, the token's {@code sid} ({@link java.util.UUID}). */
    public static final String SESSION_ID = "session_id";
    /** Identity attribute: the user's cached profile ({@link UserState#profile}), when the state had one. */
    public static final String PROFILE = "profile";

    /** A bearer access token to verify; its own type, so no other provider of the classpath is asked. */
    public static final class Request extends BaseAuthenticationRequest {

        private final String token;

        Request(String token) {
            this.token = token;
        }

        String token() {
            return token;
        }

        @Override
        public String toString() {
            return "BearerIdentityProvider.Request";
        }
    }

    @Inject
    Authenticator authenticator;

    @Override
    public Class<Request> getRequestType() {
        return Request.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(Request request, AuthenticationRequestContext context) {
        return authenticator.authenticateCallerAsync(request.token())
                .onFailure(ApiException.class)
                .transform(refused -> new AuthenticationFailedException(refused.getMessage(), refused))
                .map(BearerIdentityProvider::identity);
    }

    static SecurityIdentity identity(Authenticator.Caller caller) {
        Principal p = caller.principal();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(p)
                .addRoles(Set.copyOf(p.roles()))
                .addAttribute(USER_ID, p.userId())
                .addAttribute(SESSION_ID, p.sessionId());
        if (caller.user() != null && caller.user().profile() != null) {
            identity.addAttribute(PROFILE, caller.user().profile());
        }
        return identity.build();
    }
}
