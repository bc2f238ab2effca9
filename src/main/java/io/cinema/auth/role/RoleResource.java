package io.cinema.auth.role;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.role.RoleModels.CreateRoleRequest;
import io.cinema.auth.role.RoleModels.RoleResponse;
import io.cinema.auth.role.RoleModels.UpdateRoleRequest;
import io.cinema.auth.token.AdministratorRole;
import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.web.Params;

/** Role CRUD for administrators. */
@Path("/api/v1/roles")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(AdministratorRole.NAME)
public class RoleResource {

    @Inject
    RoleService roles;
    @Inject
    CurrentUser currentUser;

    @GET
    public List<RoleResponse> list() {
        return roles.list();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    public RoleResponse create(@Valid @NotNull CreateRoleRequest body) {
        return roles.create(currentUser.get().userId().toString(), body);
    }

    @GET
    @Path("/{id}")
    public RoleResponse get(@RestPath String id) {
        return roles.get(Params.id(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RoleResponse update(@RestPath String id, @Valid @NotNull UpdateRoleRequest body) {
        return roles.update(currentUser.get().userId().toString(), Params.id(id), body);
    }

    @DELETE
    @Path("/{id}")
    public RestResponse<Void> delete(@RestPath String id) {
        roles.delete(currentUser.get().userId().toString(), Params.id(id));
        return RestResponse.noContent();
    }
}
