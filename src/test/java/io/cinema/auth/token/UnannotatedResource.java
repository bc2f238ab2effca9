package io.cinema.auth.token;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Test only: an endpoint someone added without any security annotation. Deny by default must refuse it. */
@Path("/test-only/unannotated")
@Produces(MediaType.TEXT_PLAIN)
public class UnannotatedResource {

    @GET
    public String read() {
        return "open";
    }

    @POST
    public String write() {
        return "open";
    }
}
