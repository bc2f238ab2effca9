package io.cinema.auth.client;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.client.ClientModels.ClientResponse;
import io.cinema.auth.client.ClientModels.ClientWithSecretResponse;
import io.cinema.auth.client.ClientModels.CreateClientRequest;
import io.cinema.auth.client.ClientModels.UpdateClientRequest;
import io.cinema.auth.support.Page;
import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.token.UserState;
import io.cinema.auth.web.Params;

/**
 * Service-client administration, for superusers only (not the configured administrator role: a client's token acts
 * for a service, so making one is the superuser's call).
 */
@Path("/api/v1/clients")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(UserState.SUPERUSER)
public class ClientResource {

    @Inject
    ClientService clients;
    @Inject
    CurrentUser currentUser;

    @GET
    public Page<ClientResponse> list(@RestQuery @DefaultValue("1") String page,
            @RestQuery @DefaultValue("20") String size) {
        return clients.list(Params.number("page", page), Params.number("size", size));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @ResponseStatus(201)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public ClientWithSecretResponse create(@Valid @NotNull CreateClientRequest body) {
        return clients.create(actor(), body);
    }

    @GET
    @Path("/{id}")
    public ClientResponse get(@RestPath String id) {
        return clients.get(Params.id(id));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public ClientResponse update(@RestPath String id, @Valid @NotNull UpdateClientRequest body) {
        return clients.update(actor(), Params.id(id), body);
    }

    @DELETE
    @Path("/{id}")
    public RestResponse<Void> delete(@RestPath String id) {
        clients.delete(actor(), Params.id(id));
        return RestResponse.noContent();
    }

    @POST
    @Path("/{id}/secret")
    @Consumes(MediaType.WILDCARD)
    @ResponseStatus(201)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    public ClientWithSecretResponse newSecret(@RestPath String id) {
        return clients.newSecret(actor(), Params.id(id));
    }

    private String actor() {
        return currentUser.get().userId().toString();
    }
}
