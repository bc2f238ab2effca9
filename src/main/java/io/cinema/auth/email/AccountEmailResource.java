package io.cinema.auth.email;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.web.ClientInfo;
import io.quarkus.security.Authenticated;

/** The signed-in owner asks for a new verification mail. */
@Path("/api/v1/account/email")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AccountEmailResource {

    @Inject
    EmailService emails;
    @Inject
    CurrentUser currentUser;
    @Inject
    ClientInfo client;

    @POST
    @Path("/verification")
    @Consumes(MediaType.WILDCARD)
    public RestResponse<Void> resend() {
        emails.resendVerification(currentUser.get(), client.meta());
        return RestResponse.accepted();
    }
}
