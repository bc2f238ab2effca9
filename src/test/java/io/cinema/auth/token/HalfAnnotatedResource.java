package io.cinema.auth.token;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test only: a resource whose newer method forgot the annotation its sibling has. */
@Path("/test-only/half-annotated")
@Produces(MediaType.TEXT_PLAIN)
public class HalfAnnotatedResource {

    @GET
    @PermitAll
    @Path("/public")
    public String open() {
        return "public";
    }

    @GET
    @Path("/forgotten")
    public String forgotten() {
        return "open";
    }
}
