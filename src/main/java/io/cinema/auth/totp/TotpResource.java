package io.cinema.auth.totp;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.totp.TotpModels.ConfirmRequest;
import io.cinema.auth.totp.TotpModels.DisableRequest;
import io.cinema.auth.totp.TotpModels.EnrollmentResponse;
import io.cinema.auth.totp.TotpModels.RecoveryCodesResponse;
import io.cinema.auth.web.ClientInfo;
import io.quarkus.security.Authenticated;

/** Two-factor authentication of the caller's own account. Secrets and codes in answers are never cached. */
@Path("/api/v1/account/totp")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class TotpResource {

    public static final String IMAGE_PNG = "image/png";

    @Inject
    TotpService totp;
    @Inject
    CurrentUser currentUser;
    @Inject
    ClientInfo client;

    @POST
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public EnrollmentResponse enroll() {
        return totp.enroll(currentUser.get());
    }

    @GET
    @Path("/qr.png")
    @Produces(IMAGE_PNG)
    public RestResponse<byte[]> qrCode() {
        return RestResponse.ResponseBuilder.ok(totp.pendingQrCode(currentUser.get()), IMAGE_PNG)
                .header("Cache-Control", "no-store").build();
    }

    @POST
    @Path("/confirm")
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public RecoveryCodesResponse confirm(@Valid @NotNull ConfirmRequest body) {
        return new RecoveryCodesResponse(totp.confirm(currentUser.get(), body, client.meta()));
    }

    @DELETE
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Void> disable(@Valid @NotNull DisableRequest body) {
        totp.disable(currentUser.get(), body, client.meta());
        return RestResponse.noContent();
    }
}
