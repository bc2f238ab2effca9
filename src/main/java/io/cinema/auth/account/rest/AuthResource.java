package io.cinema.auth.account.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.account.AuthRequests.LoginRequest;
import io.cinema.auth.account.AuthRequests.LogoutRequest;
import io.cinema.auth.account.AuthRequests.MfaRequest;
import io.cinema.auth.account.AuthRequests.RefreshRequest;
import io.cinema.auth.account.AuthRequests.SignupRequest;
import io.cinema.auth.account.service.AuthService;
import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.token.NoApiRateLimit;
import io.cinema.auth.token.TokenPairResponse;
import io.cinema.auth.web.ClientInfo;
import io.quarkus.security.Authenticated;

/** Signup, login, refresh and logout. */
@Path("/api/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    AuthService auth;
    @Inject
    ClientInfo client;
    @Inject
    CurrentUser currentUser;

    @POST
    @Path("/signup")
    @PermitAll
    @ResponseStatus(201)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public TokenPairResponse signup(@Valid @NotNull SignupRequest body) {
        return auth.signup(body, client.meta());
    }

    @POST
    @Path("/login")
    @PermitAll
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public TokenPairResponse login(@Valid @NotNull LoginRequest body) {
        return auth.login(body, client.meta());
    }

    @POST
    @Path("/mfa")
    @PermitAll
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public TokenPairResponse mfa(@Valid @NotNull MfaRequest body) {
        return auth.finishMfa(body, client.meta());
    }

    @POST
    @Path("/refresh")
    @PermitAll
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public TokenPairResponse refresh(@Valid @NotNull RefreshRequest body) {
        return auth.refresh(body, client.meta());
    }

    @POST
    @Path("/logout")
    @Consumes(MediaType.WILDCARD)
    @Authenticated
    @NoApiRateLimit
    public RestResponse<Void> logout(@Valid LogoutRequest body) {
        auth.logout(currentUser.get(), body == null ? null : body.refreshToken(), client.meta());
        return RestResponse.noContent();
    }

    @POST
    @Path("/logout-others")
    @Consumes(MediaType.WILDCARD)
    @Authenticated
    public RestResponse<Void> logoutOthers() {
        auth.logoutOthers(currentUser.get(), client.meta());
        return RestResponse.noContent();
    }
}
