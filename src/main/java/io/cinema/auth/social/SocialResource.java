package io.cinema.auth.social;

import java.net.URI;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.cinema.auth.social.SocialModels.ProviderResponse;
import io.cinema.auth.social.SocialModels.ProviderUrlResponse;
import io.cinema.auth.web.ClientInfo;

/**
 * Social login. authorize and callback declare no media type on purpose: a browser navigating there asks for HTML,
 * and must still get the redirect or the JSON answer rather than 406.
 */
@Path("/api/v1/social")
@PermitAll
public class SocialResource {

    @Inject
    SocialService social;
    @Inject
    ClientInfo client;

    @GET
    @Path("/providers")
    @Produces(MediaType.APPLICATION_JSON)
    public List<ProviderResponse> providers() {
        return social.list();
    }

    @GET
    @Path("/{provider}/authorize")
    public Response authorize(@RestPath String provider, @RestQuery("return_to") String returnTo,
            @Context HttpHeaders headers) {
        SocialService.Authorization a = social.authorize(provider, headers.getHeaderString(HttpHeaders.AUTHORIZATION),
                cookie(headers), returnTo, client.meta());
        NewCookie binding = new NewCookie.Builder(social.bindingCookieName()).value(a.binding()).path("/")
                .httpOnly(true).secure(social.secureSite()).sameSite(NewCookie.SameSite.LAX)
                .maxAge((int) FlowStates.TTL.toSeconds()).build();
        Response.ResponseBuilder r = wantsJson(headers)
                ? Response.ok(new ProviderUrlResponse(a.providerUrl()), MediaType.APPLICATION_JSON_TYPE)
                : Response.status(Response.Status.FOUND).location(URI.create(a.providerUrl()));
        return r.cookie(binding).header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/{provider}/callback")
    public Response callback(@RestPath String provider, @RestQuery String code, @RestQuery String state,
            @RestQuery String error, @Context HttpHeaders headers) {
        SocialService.Outcome outcome = social.callback(provider, code, state, error, cookie(headers), client.meta());
        Object body = outcome instanceof SocialService.LoggedIn in ? in.tokens()
                : ((SocialService.Linked) outcome).account();
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    private String cookie(HttpHeaders headers) {
        Cookie c = headers.getCookies().get(social.bindingCookieName());
        return c == null ? null : c.getValue();
    }

    private static boolean wantsJson(HttpHeaders headers) {
        for (MediaType t : headers.getAcceptableMediaTypes()) {
            if (!t.isWildcardType() && !t.isWildcardSubtype() && t.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return true;
            }
        }
        return false;
    }
}
