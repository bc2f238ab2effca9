package io.cinema.auth.role;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;

import io.cinema.auth.role.RoleModels.CheckResponse;

/** The siblings' permission check: the user's bearer token is forwarded; no rate limit applies. */
@Path("/api/v1/authz/check")
public class AuthzResource {

    @Inject
    PermissionCheck check;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CheckResponse check(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @RestQuery List<String> role,
            @RestQuery String mode) {
        return check.check(authorization, role, mode);
    }
}
