package io.cinema.auth.token;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Reads our bearer access token from the Authorization header and hands it to {@link BearerIdentityProvider}. No
 * bearer token means an anonymous caller, which an endpoint that needs one refuses with TOKEN_MISSING; a bad one fails
 * with the contract code of the failure (web/ProblemMappers shapes both). Authentication is not proactive: only an
 * endpoint whose rule needs the caller's identity asks for it, so public endpoints never look at the header.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = Authenticator.bearer(authorization(context));
        if (token == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new BearerIdentityProvider.Request(token), context));
    }

    /** All values joined as JAX-RS joins them, so two Authorization headers make one invalid token, not a choice. */
    public static String authorization(RoutingContext context) {
        List<String> values = context.request().headers().getAll(HttpHeaders.AUTHORIZATION);
        return values.isEmpty() ? null : String.join(",", values);
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaders.WWW_AUTHENTICATE, "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(BearerIdentityProvider.Request.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }
}
