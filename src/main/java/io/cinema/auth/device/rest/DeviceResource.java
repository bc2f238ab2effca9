package io.cinema.auth.device.rest;

import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.device.DeviceModels.ApproveRequest;
import io.cinema.auth.device.DeviceModels.DeviceRequestResponse;
import io.cinema.auth.device.service.DeviceFlow;
import io.cinema.auth.token.CurrentUser;
import io.cinema.auth.web.ClientInfo;
import io.quarkus.security.Authenticated;

/**
 * The viewer's side of TV sign-in: a signed-in user (never a service client) looks up the request a TV's user code
 * names and approves or denies it.
 */
@Path("/api/v1/device")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DeviceResource {

    @Inject
    DeviceFlow flow;
    @Inject
    CurrentUser currentUser;
    @Inject
    ClientInfo client;

    @GET
    public DeviceRequestResponse lookup(@RestQuery("user_code") String userCode) {
        return flow.lookup(currentUser.get(), userCode, client.meta());
    }

    @POST
    @Path("/approve")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<Void> approve(@Valid @NotNull ApproveRequest body) {
        flow.decide(currentUser.get(), body.userCode(), Boolean.TRUE.equals(body.deny()), client.meta());
        return RestResponse.noContent();
    }
}
