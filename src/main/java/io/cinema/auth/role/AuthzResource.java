package io.cinema.auth.role;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.cinema.auth.role.RoleModels.CheckResponse;
import io.smallrye.mutiny.Uni;

/**
 * The siblings' permission check: the user's bearer token is forwarded; no rate limit applies. Public, because it
 * authenticates the token itself and answers an anonymous caller. The whole query goes to
 * the check, so that a parameter it does not know (a misspelt {@code roles=}) is refused instead of ignored. It
 * answers on the event loop: no worker thread, and no PostgreSQL unless the state cache misses.
 */
@Path("/api/v1/authz/check")
@PermitAll
public class AuthzResource {

    @Inject
    PermissionCheck check;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<CheckResponse> check(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        return check.check(authorization, uri.getRequestUri().getRawQuery());
    }
}
