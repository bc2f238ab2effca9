package io.cinema.siblings.catalog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The auth service's permission check. The incoming Authorization header is passed on by configuration
 * ({@code org.eclipse.microprofile.rest.client.propagateHeaders}); no token handling here.
 */
@RegisterRestClient(configKey = "auth")
@RegisterClientHeaders
@Path("/api/v1/authz/check")
public interface PermissionCheck {

    @GET
    Response check(@QueryParam("role") String role);
}
