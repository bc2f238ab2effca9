package io.cinema.auth.token;

import java.util.Map;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/** Test only: shows the SecurityIdentity our bearer mechanism makes, and what JAX-RS's SecurityContext sees of it. */
@Path("/test-only/identity")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class IdentityProbeResource {

    @Inject
    SecurityIdentity identity;
    @Inject
    CurrentUser currentUser;

    @GET
    public Map<String, Object> get(@Context SecurityContext security) {
        return Map.of(
                "name", identity.getPrincipal().getName(),
                "roles", new TreeSet<>(identity.getRoles()),
                "user_id", String.valueOf(identity.<Object>getAttribute(BearerIdentityProvider.USER_ID)),
                "session_id", String.valueOf(identity.<Object>getAttribute(BearerIdentityProvider.SESSION_ID)),
                "current_user", currentUser.get().username(),
                "context_name", security.getUserPrincipal().getName(),
                "context_admin", security.isUserInRole(AdministratorRole.NAME));
    }
}
