package io.cinema.siblings.caller;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Relays catalog's answer (status and body), so the check sees exactly what catalog said to this caller's token. */
@Path("/films")
public class FilmsResource {

    @Inject
    @RestClient
    CatalogClient catalog;

    @GET
    public Response films() {
        return relay(catalog.films());
    }

    @GET
    @Path("/live")
    public Response live() {
        return relay(catalog.live());
    }

    private static Response relay(Response upstream) {
        try (upstream) {
            return Response.status(upstream.getStatus()).type(upstream.getMediaType())
                    .entity(upstream.hasEntity() ? upstream.readEntity(String.class) : "").build();
        }
    }
}
