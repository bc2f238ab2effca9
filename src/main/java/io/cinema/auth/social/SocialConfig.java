package io.cinema.auth.social;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/** Social login providers by name: {@code auth.social.<name>.*}. */
@ConfigMapping(prefix = "auth.social")
public interface SocialConfig {

    /** The providers, keyed by the name that appears in the API paths. */
    @WithParentName
    Map<String, Provider> providers();

    /** The protocol a provider speaks. */
    enum Kind {
        /** OpenID Connect: discovery from the issuer, a signed id_token. */
        OIDC,
        /** Plain OAuth 2.0 with a user-info endpoint (VK, Yandex). */
        OAUTH2
    }

    /** How the access token goes to an OAuth 2.0 user-info endpoint. */
    enum UserinfoAuth {
        /** {@code Authorization: Bearer}. */
        BEARER,
        /** {@code Authorization: OAuth} (Yandex). */
        OAUTH,
        /** An {@code access_token} query parameter (the VK API). */
        QUERY
    }

    interface Provider {
        /** oidc or oauth2. */
        @WithDefault("oidc")
        Kind kind();

        /** Off until set. */
        @WithDefault("false")
        boolean enabled();

        /** Accept a plain-http issuer and endpoints (local test providers only); else they must be https. */
        @WithDefault("false")
        boolean allowInsecureHttp();

        /** OIDC issuer (discovery is read from it). */
        Optional<String> issuer();

        Optional<String> authorizationEndpoint();

        Optional<String> tokenEndpoint();

        Optional<String> userinfoEndpoint();

        Optional<String> clientId();

        Optional<String> clientSecret();

        Optional<List<String>> scopes();

        /** Where the provider sends the browser back; default this service's callback under public-url. */
        Optional<String> redirectUri();

        /** bearer, oauth or query: how the access token goes to the user-info endpoint. */
        @WithDefault("bearer")
        UserinfoAuth userinfoAuth();

        /** Count the provider's email as verified even without a verified flag. */
        @WithDefault("false")
        boolean trustEmail();

        /** User-info field holding the subject (oauth2 providers). */
        @WithDefault("sub")
        @WithName("claims.subject")
        String subjectClaim();

        /** User-info field holding the email. */
        @WithDefault("email")
        @WithName("claims.email")
        String emailClaim();

        /** User-info field holding the email-verified flag. */
        @WithDefault("email_verified")
        @WithName("claims.email-verified")
        String emailVerifiedClaim();

        /** User-info field holding a display or login name. */
        @WithDefault("preferred_username")
        @WithName("claims.name")
        String nameClaim();
    }
}
