package io.cinema.siblings.caller;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;

/** The catalog sibling. {@code @OidcClientFilter} puts the default OIDC client's access token on every request. */
@RegisterRestClient(configKey = "catalog")
@OidcClientFilter
@Path("/catalog/films")
public interface CatalogClient {

    @GET
    Response films();

    @GET
    @Path("/live")
    Response live();
}
