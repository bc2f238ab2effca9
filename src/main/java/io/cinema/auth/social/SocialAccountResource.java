package io.cinema.auth.social;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import io.cinema.auth.token.CurrentUser;
import io.quarkus.security.Authenticated;

/** The providers linked to the caller's own account. */
@Path("/api/v1/account/social")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class SocialAccountResource {

    @Inject
    SocialAccounts social;
    @Inject
    CurrentUser currentUser;

    @DELETE
    @Path("/{provider}")
    public RestResponse<Void> unlink(@RestPath String provider) {
        social.unlink(currentUser.get(), provider);
        return RestResponse.noContent();
    }
}
