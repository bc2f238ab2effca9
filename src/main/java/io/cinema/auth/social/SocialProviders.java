package io.cinema.auth.social;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.social.SocialConfig.Kind;
import io.cinema.auth.social.SocialConfig.UserinfoAuth;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.support.Urls;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The configured providers ({@code auth.social.<name>.*}). Only an enabled provider with a client id is usable; a
 * usable provider with an incomplete configuration stops the start, so a typo never becomes a half-working login.
 */
@Singleton
@Startup
public class SocialProviders {

    /** Names of the user-info fields (dotted paths, array indexes allowed) that hold the identity. */
    public record Claims(String subject, String email, String emailVerified, String name) {
    }

    /**
     * One usable provider. Endpoints configured here win over those an OIDC provider's discovery names. The
     * provider's issuer and endpoints are https unless {@code allowInsecureHttp}.
     */
    public record Provider(String name, Kind kind, String clientId, Optional<String> clientSecret, List<String> scopes,
            String redirectUri, boolean trustEmail, Optional<String> issuer, Optional<String> authorizationEndpoint,
            Optional<String> tokenEndpoint, Optional<String> userinfoEndpoint, UserinfoAuth userinfoAuth,
            Claims claims, boolean allowInsecureHttp) {

        /**
         * Whether an address the provider itself named (an endpoint or {@code jwks_uri} of its discovery document) may
         * be used: an absolute https URL, or http when this provider allows it.
         */
        public boolean acceptsEndpoint(String url) {
            return schemeProblem(url, allowInsecureHttp) == null;
        }

        @Override
        public String toString() {
            return "Provider[" + name + ", " + kind + "]";
        }
    }

    private final Map<String, Provider> providers;

    @Inject
    public SocialProviders(SocialConfig config, ServiceConfig service) {
        Map<String, Provider> usable = new TreeMap<>();
        String publicUrl = service.effectivePublicUrl();
        for (Map.Entry<String, SocialConfig.Provider> e : config.providers().entrySet()) {
            String name = e.getKey();
            SocialConfig.Provider s = e.getValue();
            if (!s.enabled()) {
                continue;
            }
            if (s.clientId().filter(id -> !id.isBlank()).isEmpty()) {
                Log.warnf("social provider %s is enabled but has no client-id: it stays off", name);
                continue;
            }
            usable.put(name, build(name, s, publicUrl));
        }
        this.providers = Collections.unmodifiableMap(usable);
        Log.infof("social login providers: %s", usable.isEmpty() ? "none" : String.join(", ", usable.keySet()));
    }

    static Provider build(String name, SocialConfig.Provider s, String publicUrl) {
        if (!name.matches("[A-Za-z0-9_-]{1,50}")) {
            throw new IllegalStateException("auth.social: a provider name is 1-50 of A-Z a-z 0-9 _ -: " + name);
        }
        Kind kind = s.kind();
        UserinfoAuth userinfoAuth = s.userinfoAuth();
        boolean insecure = s.allowInsecureHttp();
        if (kind == Kind.OIDC) {
            requireProviderUrl(name, "issuer", s.issuer(), insecure);
        } else {
            requireProviderUrl(name, "authorization-endpoint", s.authorizationEndpoint(), insecure);
            requireProviderUrl(name, "token-endpoint", s.tokenEndpoint(), insecure);
            requireProviderUrl(name, "userinfo-endpoint", s.userinfoEndpoint(), insecure);
        }
        s.issuer().ifPresent(u -> requireProviderUrl(name, "issuer", Optional.of(u), insecure));
        s.authorizationEndpoint().ifPresent(u -> requireProviderUrl(name, "authorization-endpoint", Optional.of(u),
                insecure));
        s.tokenEndpoint().ifPresent(u -> requireProviderUrl(name, "token-endpoint", Optional.of(u), insecure));
        s.userinfoEndpoint().ifPresent(u -> requireProviderUrl(name, "userinfo-endpoint", Optional.of(u), insecure));
        if (insecure) {
            Log.warnf("auth.social.%s.allow-insecure-http=true: its codes and tokens may travel in clear (local test "
                    + "providers only)", name);
        }
        List<String> scopes = new ArrayList<>();
        s.scopes().orElse(kind == Kind.OIDC ? List.of("openid", "email", "profile") : List.of()).stream()
                .map(String::trim).filter(x -> !x.isEmpty()).forEach(scopes::add);
        if (kind == Kind.OIDC && !scopes.contains("openid")) {
            scopes.add(0, "openid");
        }
        String redirect = s.redirectUri().filter(u -> !u.isBlank())
                .orElse(publicUrl + "/api/v1/social/" + name + "/callback");
        requireUrl(name, "redirect-uri", Optional.of(redirect));
        return new Provider(name, kind, s.clientId().get().trim(), s.clientSecret().filter(x -> !x.isEmpty()),
                List.copyOf(scopes), redirect, s.trustEmail(), s.issuer().map(u -> Urls.withoutTrailingSlash(u.trim())),
                s.authorizationEndpoint(), s.tokenEndpoint(), s.userinfoEndpoint(), userinfoAuth,
                new Claims(s.subjectClaim(), s.emailClaim(), s.emailVerifiedClaim(), s.nameClaim()), insecure);
    }

    /**
     * The provider's own addresses carry its codes, tokens and keys: https, or plain http only with
     * {@code allow-insecure-http=true}. (Our redirect-uri is checked by {@link #requireUrl}: it is the public URL of
     * this service, which a local set-up serves over http.)
     */
    private static void requireProviderUrl(String name, String key, Optional<String> value, boolean allowInsecureHttp) {
        requireUrl(name, key, value);
        if (schemeProblem(value.get().trim(), allowInsecureHttp) != null) {
            throw new IllegalStateException("auth.social." + name + "." + key + " must be an https URL (plain http "
                    + "only with auth.social." + name + ".allow-insecure-http=true, for local test providers)");
        }
    }

    /** Null when the URL is absolute with a host and https (or http when allowed), else what is wrong. */
    static String schemeProblem(String url, boolean allowInsecureHttp) {
        if (url == null) {
            return "missing";
        }
        try {
            URI u = new URI(url.trim());
            if (!u.isAbsolute() || u.getHost() == null) {
                return "not an absolute URL";
            }
            if ("https".equalsIgnoreCase(u.getScheme())) {
                return null;
            }
            return allowInsecureHttp && "http".equalsIgnoreCase(u.getScheme()) ? null : "not https";
        } catch (java.net.URISyntaxException e) {
            return "not a URL";
        }
    }

    private static void requireUrl(String name, String key, Optional<String> value) {
        String v = value.map(String::trim).orElse("");
        boolean ok;
        try {
            URI u = new URI(v);
            ok = u.isAbsolute() && ("https".equalsIgnoreCase(u.getScheme()) || "http".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalStateException("auth.social." + name + "." + key + " must be an absolute http(s) URL");
        }
    }


    /** Usable providers by name, in name order. */
    public List<Provider> all() {
        return List.copyOf(providers.values());
    }

    /** A usable provider; an unknown, disabled or unconfigured one is 404 NOT_FOUND. */
    public Provider get(String name) {
        Provider p = name == null ? null : providers.get(name);
        if (p == null) {
            throw ApiException.notFound("Provider");
        }
        return p;
    }
}
