package io.cinema.auth.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.common.util.URIDecoder;

import io.cinema.auth.support.LogSafe;
import io.quarkus.logging.Log;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.security.spi.runtime.AuthorizationFailureEvent;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The administrator rule in one place: a superuser, or a holder of the role named by {@code auth.admin-role}, gets
 * the synthetic role {@link #NAME}, which the administration endpoints require ({@code @RolesAllowed(NAME)}). A
 * request refused to a signed-in caller leaves an audit line.
 */
@ApplicationScoped
public class AdministratorRole implements SecurityIdentityAugmentor {

    /** Not a name a real role can have (role names never contain '/'), so no role can pose as the rule. */
    public static final String NAME = "auth/admin";

    @Inject
    TokenConfig config;

    public boolean isAdministrator(Principal p) {
        return p.isSuperuser() || config.adminRole().map(p.roles()::contains).orElse(false);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof Principal p) || !isAdministrator(p)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRole(NAME).build());
    }

    void audit(@Observes AuthorizationFailureEvent event) {
        SecurityIdentity identity = event.getSecurityIdentity();
        if (!(event.getAuthorizationFailure() instanceof ForbiddenException) || identity == null
                || !(identity.getPrincipal() instanceof Principal p)) {
            return;
        }
        // Quarkus REST puts the request under the class name of RoutingContext
        RoutingContext request = event.getEventProperties().get(RoutingContext.class.getName()) instanceof RoutingContext r
                ? r : HttpSecurityUtils.getRoutingContextAttribute(identity);
        String method = request == null ? "?" : request.request().method().name();
        // decoded as JAX-RS gives it, and the caller's text: CR/LF in it would forge log lines
        String path = request == null ? "?" : URIDecoder.decodeURIComponent(request.normalizedPath(), false);
        Log.infof("audit: user %s was refused %s %s (%s)", p.userId(), LogSafe.escape(method), LogSafe.escape(path),
                identity.hasRole(NAME) ? "no access rule allows it" : "not an administrator");
    }
}
