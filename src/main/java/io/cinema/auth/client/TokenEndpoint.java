package io.cinema.auth.client;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseHeader;
import org.jboss.resteasy.reactive.RestHeader;

import io.cinema.auth.web.ClientInfo;

/**
 * The OAuth 2.0 token endpoint (RFC 6749 §3.2): a form POST, answered in OAuth's JSON ({@link OAuthErrors} for
 * its errors). Service clients get access tokens by client credentials; refresh tokens rotate as at
 * POST /api/v1/auth/refresh.
 */
@Path("/oauth2/token")
@PermitAll
public class TokenEndpoint {

    @Inject
    ClientTokens tokens;
    @Inject
    ClientInfo client;

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @ResponseHeader(name = "Pragma", value = "no-cache")
    public Object token(byte[] body, @RestHeader("Authorization") String authorization) {
        return tokens.token(TokenRequest.parse(TokenRequest.form(body), authorization), client.meta());
    }
}
