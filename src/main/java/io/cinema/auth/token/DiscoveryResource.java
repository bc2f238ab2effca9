package io.cinema.auth.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.cinema.auth.support.ServiceConfig;

/** Public discovery: the verification keys and the OpenID discovery document. */
@Path("/.well-known")
@PermitAll
public class DiscoveryResource {

    @Inject
    SigningKeys keys;

    @Inject
    ServiceConfig config;

    @Inject
    Instance<ScopesSupported> scopes;

    @GET
    @Path("/jwks.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        return Response.ok(keys.jwksJson()).header("Cache-Control", "public, max-age=300").build();
    }

    @GET
    @Path("/openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openidConfiguration() {
        Map<String, Object> doc = new LinkedHashMap<>();
        String issuer = config.issuer();
        doc.put("issuer", issuer);
        doc.put("jwks_uri", config.effectivePublicUrl() + "/.well-known/jwks.json");
        // the signing algorithm first, then those of earlier and upcoming keys, whose tokens a verifier may also meet
        doc.put("id_token_signing_alg_values_supported", keys.algorithms());
        // the service clients' token endpoint (RFC 8414), which OAuth client libraries find here
        doc.put("token_endpoint", config.effectivePublicUrl() + "/oauth2/token");
        // TV sign-in (RFC 8628 §4): where a device client starts, and its grant's URN
        doc.put("device_authorization_endpoint", config.effectivePublicUrl() + "/oauth2/device_authorization");
        doc.put("grant_types_supported", List.of("client_credentials", "refresh_token",
                "urn:ietf:params:oauth:grant-type:device_code"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post", "none"));
        List<String> clientScopes = scopes.isResolvable() ? scopes.get().scopesSupported() : List.of();
        if (!clientScopes.isEmpty()) {
            doc.put("scopes_supported", clientScopes);
        }
        // no authorization endpoint: no response type is served (the field is one OIDC discovery requires)
        doc.put("response_types_supported", List.of());
        doc.put("subject_types_supported", List.of("public"));
        doc.put("claims_supported", List.of("iss", "aud", "sub", "exp", "iat", "jti", "sid", "preferred_username",
                "upn", "groups", "client_id", "scope"));
        return Response.ok(doc).header("Cache-Control", "public, max-age=300").build();
    }

}
