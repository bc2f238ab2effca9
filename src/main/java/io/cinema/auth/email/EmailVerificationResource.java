package io.cinema.auth.email;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.email.EmailRequests.VerifyEmailRequest;
import io.cinema.auth.web.ClientInfo;

/** The public end of a verification link: the front end's page POSTs the token from the link here. */
@Path("/api/v1/auth/email")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EmailVerificationResource {

    @Inject
    EmailService emails;
    @Inject
    ClientInfo client;

    @POST
    @Path("/verify")
    public RestResponse<Void> verify(@Valid @NotNull VerifyEmailRequest body) {
        emails.verify(body, client.meta());
        return RestResponse.noContent();
    }
}
