package io.cinema.siblings.catalog;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * A sibling's protected resource. MicroProfile JWT verifies the bearer token (signature against the auth service's
 * JWKS, issuer, audience) and maps its {@code groups} to roles, so {@code @RolesAllowed} is all the code there is.
 */
@Path("/catalog/films")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    static final String ROLE = "films-reader";

    @Inject
    JsonWebToken jwt;

    @Inject
    @RestClient
    PermissionCheck permissionCheck;

    /** Signature-only: a revoked token still passes here until it expires (the contract says so). */
    @GET
    @RolesAllowed(ROLE)
    public Map<String, Object> films() {
        return answer("signature");
    }

    /** Asks the permission check too (the caller's token passed on), so a disabled client is refused at once. */
    @GET
    @Path("/live")
    @RolesAllowed(ROLE)
    public Response live() {
        try (Response check = permissionCheck.check(ROLE)) {
            if (check.getStatus() != 200) {
                // the check's own problem+json (401 TOKEN_REVOKED for a disabled client), passed back
                return Response.status(check.getStatus()).type(check.getMediaType())
                        .entity(check.readEntity(String.class)).build();
            }
            Map<?, ?> body = check.readEntity(Map.class);
            if (!Boolean.TRUE.equals(body.get("allowed"))) {
                return Response.status(Response.Status.FORBIDDEN).build();
            }
            return Response.ok(answer("permission-check")).build();
        }
    }

    private Map<String, Object> answer(String checkedBy) {
        return Map.of(
                "films", List.of("Metropolis", "Nosferatu", "Battleship Potemkin"),
                "caller", jwt.getName(),
                "groups", jwt.getGroups(),
                "scope", String.valueOf(jwt.<Object>getClaim("scope")),
                "checked_by", checkedBy);
    }
}
