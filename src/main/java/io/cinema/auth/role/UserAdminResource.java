package io.cinema.auth.role;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.role.RoleModels.RoleResponse;
import io.cinema.auth.role.RoleModels.UpdateUserRequest;
import io.cinema.auth.support.Page;
import io.cinema.auth.token.AdministratorRole;
import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.web.ClientInfo;
import io.cinema.auth.web.Params;

/** User administration: listing, enabling and disabling, giving and taking roles. */
@Path("/api/v1/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdministratorRole.NAME)
public class UserAdminResource {

    @Inject
    UserAdministration users;
    @Inject
    CurrentUser currentUser;
    @Inject
    ClientInfo client;

    @GET
    public Page<AccountResponse> list(@RestQuery String query, @RestQuery @DefaultValue("1") String page,
            @RestQuery @DefaultValue("20") String size) {
        return users.users(query, Params.number("page", page), Params.number("size", size));
    }

    @GET
    @Path("/{id}")
    public AccountResponse get(@RestPath String id) {
        return users.user(Params.id(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public AccountResponse update(@RestPath String id, @Valid @NotNull UpdateUserRequest body) {
        return users.setActive(currentUser.get(), Params.id(id), body.active(), client.meta());
    }

    @GET
    @Path("/{id}/roles")
    public List<RoleResponse> rolesOf(@RestPath String id) {
        return users.rolesOf(Params.id(id));
    }

    @PUT
    @Path("/{id}/roles/{roleId}")
    @Consumes(MediaType.WILDCARD)
    public RestResponse<Void> grant(@RestPath String id, @RestPath String roleId) {
        users.grant(currentUser.get(), Params.id(id), Params.id(roleId));
        return RestResponse.noContent();
    }

    @DELETE
    @Path("/{id}/roles/{roleId}")
    public RestResponse<Void> revoke(@RestPath String id, @RestPath String roleId) {
        users.revoke(currentUser.get(), Params.id(id), Params.id(roleId));
        return RestResponse.noContent();
    }
}
