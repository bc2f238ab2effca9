package io.cinema.auth.account.rest;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.AccountModels.ChangePasswordRequest;
import io.cinema.auth.account.AccountModels.HistoryItem;
import io.cinema.auth.account.AccountModels.ReauthRequest;
import io.cinema.auth.account.AccountModels.SessionResponse;
import io.cinema.auth.account.AccountModels.UpdateAccountRequest;
import io.cinema.auth.account.service.AccountService;
import io.cinema.auth.support.Page;
import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.web.ClientInfo;
import io.cinema.auth.web.Params;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/** The caller's own account. */
@Path("/api/v1/account")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AccountResource {

    @Inject
    AccountService accounts;
    @Inject
    CurrentUser currentUser;
    @Inject
    ClientInfo client;

    @GET
    public Uni<AccountResponse> get() {
        return accounts.getAsync(currentUser.get(), currentUser.cachedProfile());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountResponse update(@Valid @NotNull UpdateAccountRequest body) {
        return accounts.update(currentUser.get(), body, client.meta());
    }

    @PUT
    @Path("/password")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Void> changePassword(@Valid @NotNull ChangePasswordRequest body) {
        accounts.changePassword(currentUser.get(), body, client.meta());
        return RestResponse.noContent();
    }

    @POST
    @Path("/reauth")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Void> reauth(@Valid @NotNull ReauthRequest body) {
        accounts.reauthenticate(currentUser.get(), body, client.meta());
        return RestResponse.noContent();
    }

    @GET
    @Path("/history")
    public Page<HistoryItem> history(@RestQuery @DefaultValue("1") String page, @RestQuery @DefaultValue("20") String size) {
        return accounts.history(currentUser.get(), Params.number("page", page), Params.number("size", size));
    }

    @GET
    @Path("/sessions")
    public List<SessionResponse> sessions() {
        return accounts.sessions(currentUser.get());
    }

    @DELETE
    @Path("/sessions/{id}")
    public RestResponse<Void> revokeSession(@RestPath String id) {
        accounts.revokeSession(currentUser.get(), Params.id(id), client.meta());
        return RestResponse.noContent();
    }

    /** Paging values arrive as text so a non-number or an overflow is a 400 with the field named, not a 404. */

}
