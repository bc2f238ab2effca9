package io.cinema.auth.device.rest;

import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestHeader;

import io.cinema.auth.client.ClientTokens;
import io.cinema.auth.client.TokenRequest;
import io.cinema.auth.device.DeviceModels.DeviceAuthorizationResponse;
import io.cinema.auth.device.service.DeviceFlow;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.web.ClientInfo;

/**
 * The device authorization endpoint (RFC 8628 §3.1): a TV's form POST with its public {@code client_id} and an
 * optional {@code scope}, answered in OAuth's JSON (errors too, under {@code /oauth2/}).
 */
@Path("/oauth2/device_authorization")
@PermitAll
public class DeviceAuthorizationEndpoint {

    @Inject
    ClientTokens clients;
    @Inject
    DeviceFlow flow;
    @Inject
    ClientInfo client;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @ResponseHeader(name = "Pragma", value = "no-cache")
    public DeviceAuthorizationResponse authorize(byte[] body, @RestHeader("Authorization") String authorization) {
        Map<String, List<String>> form = TokenRequest.form(body);
        RequestMeta meta = client.meta();
        ClientTokens.DeviceClient device = clients.deviceClient(TokenRequest.credentials(form, authorization),
                TokenRequest.single(form, "scope"), meta);
        return flow.authorize(device, meta);
    }
}
