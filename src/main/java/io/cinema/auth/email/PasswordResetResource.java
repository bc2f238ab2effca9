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

import io.cinema.auth.email.EmailRequests.ForgotPasswordRequest;
import io.cinema.auth.email.EmailRequests.ResetPasswordRequest;
import io.cinema.auth.web.ClientInfo;

/** Account recovery: a reset link by mail, then a new password with its token. */
@Path("/api/v1/auth/password")
@PermitAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PasswordResetResource {

    @Inject
    EmailService emails;
    @Inject
    ClientInfo client;

    @POST
    @Path("/forgot")
    public RestResponse<Void> forgot(@Valid @NotNull ForgotPasswordRequest body) {
        emails.forgot(body, client.meta());
        return RestResponse.accepted();
    }

    @POST
    @Path("/reset")
    public RestResponse<Void> reset(@Valid @NotNull ResetPasswordRequest body) {
        emails.reset(body, client.meta());
        return RestResponse.noContent();
    }
}
