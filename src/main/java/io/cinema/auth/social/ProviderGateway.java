package io.cinema.auth.social;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jose4j.http.Get;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cinema.auth.social.SocialConfig.Kind;
import io.cinema.auth.social.SocialProviders.Provider;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Urls;
import io.quarkus.logging.Log;

/**
 * Talks to the providers over HTTP: OIDC discovery and JWKS, the code exchange at the token endpoint, user info. Every
 * call has bounded timeouts; a provider that cannot be reached (or answers 5xx) is 503, one that refuses is 401.
 */
@Singleton
public class ProviderGateway {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Discovery documents are read again after this, so a provider's endpoint or key changes are picked up. */
    static final Duration DISCOVERY_TTL = Duration.ofHours(1);
    static final int MAX_BODY = 1 << 20;
    static final long RETRY_AFTER = 30;

    /** Where to go for one provider: endpoints, the issuer the ID token must carry, its keys. */
    public record Endpoints(String authorization, String token, String userinfo, String issuer, HttpsJwks jwks,
            boolean basicClientAuth, Instant fetchedAt) {
    }

    /** What a provider says about the person who logged in. */
    public record Identity(String subject, String email, boolean emailVerified, String name) {
        @Override
        public String toString() {
            return "Identity[" + subject + "]";
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final Map<String, Endpoints> discovered = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;
    @Inject
    Clock clock;

    /** The endpoints of a provider; an OIDC provider's come from its discovery document (cached for an hour). */
    public Endpoints endpoints(Provider p) {
        if (p.kind() == Kind.OAUTH2) {
            return new Endpoints(p.authorizationEndpoint().get(), p.tokenEndpoint().get(), p.userinfoEndpoint().get(),
                    null, null, false, null);
        }
        Endpoints cached = discovered.get(p.name());
        if (cached != null && cached.fetchedAt().plus(DISCOVERY_TTL).isAfter(clock.instant())) {
            return cached;
        }
        Endpoints fresh = discover(p);
        discovered.put(p.name(), fresh);
        return fresh;
    }

    private Endpoints discover(Provider p) {
        String issuer = p.issuer().get();
        HttpRequest discovery = HttpRequest.newBuilder(uri(p, issuer + "/.well-known/openid-configuration"))
                .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build();
        JsonNode doc = send(p, discovery, "discovery", false);
        String docIssuer = text(doc, "issuer");
        if (docIssuer == null || !Urls.withoutTrailingSlash(docIssuer).equals(issuer)) {
            Log.errorf("social provider %s: discovery names issuer %s, configured is %s", p.name(), docIssuer, issuer);
            throw ApiException.unavailable("The provider's configuration cannot be used", RETRY_AFTER);
        }
        String authorization = p.authorizationEndpoint().orElse(text(doc, "authorization_endpoint"));
        String token = p.tokenEndpoint().orElse(text(doc, "token_endpoint"));
        String userinfo = p.userinfoEndpoint().orElse(text(doc, "userinfo_endpoint"));
        String jwksUri = text(doc, "jwks_uri");
        if (authorization == null || token == null || jwksUri == null) {
            Log.errorf("social provider %s: discovery lacks authorization_endpoint, token_endpoint or jwks_uri", p.name());
            throw ApiException.unavailable("The provider's configuration cannot be used", RETRY_AFTER);
        }
        for (String url : new String[] {authorization, token, userinfo, jwksUri}) {
            if (url != null && !p.acceptsEndpoint(url)) {
                Log.errorf("social provider %s: discovery names a non-https endpoint (auth.social.%s.allow-insecure-http)",
                        p.name(), p.name());
                throw ApiException.unavailable("The provider's configuration cannot be used", RETRY_AFTER);
            }
        }
        // OIDC Discovery: without token_endpoint_auth_methods_supported the provider supports client_secret_basic.
        JsonNode methods = doc.get("token_endpoint_auth_methods_supported");
        boolean post = false;
        if (methods != null && methods.isArray()) {
            for (JsonNode m : methods) {
                post |= "client_secret_post".equals(m.asText());
            }
        }
        HttpsJwks jwks = new HttpsJwks(jwksUri);
        Get get = new Get();
        get.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        get.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
        get.setResponseBodySizeLimit(MAX_BODY);
        jwks.setSimpleHttpGet(get);
        jwks.setDefaultCacheDuration(DISCOVERY_TTL.toSeconds());
        return new Endpoints(authorization, token, userinfo, docIssuer, jwks, !post, clock.instant());
    }

    /**
     * Exchanges the code (with the PKCE verifier) at the token endpoint. The client authenticates with
     * client_secret_post, or client_secret_basic when an OIDC provider names only that; a public client sends its id.
     */
    public JsonNode exchange(Provider p, Endpoints e, String code, String redirectUri, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri(p, e.token())).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (p.clientSecret().isPresent() && e.basicClientAuth()) {
            String basic = formEncode(p.clientId()) + ":" + formEncode(p.clientSecret().get());
            req.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", p.clientId());
            p.clientSecret().ifPresent(s -> form.put("client_secret", s));
        }
        String body = form.entrySet().stream().map(x -> formEncode(x.getKey()) + "=" + formEncode(x.getValue()))
                .collect(Collectors.joining("&"));
        JsonNode tokens = send(p, req.POST(HttpRequest.BodyPublishers.ofString(body)).build(), "token endpoint");
        if (tokens.has("error")) {
            throw refused(p, "token endpoint", tokens);
        }
        return tokens;
    }

    /** The identity in a verified ID token: signature (provider's JWKS), iss, aud, exp and nonce. */
    public Identity idTokenIdentity(Provider p, Endpoints e, JsonNode tokens, String expectedNonce) {
        String idToken = text(tokens, "id_token");
        if (idToken == null) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider gave no ID token");
        }
        try {
            e.jwks().getJsonWebKeys();
        } catch (JoseException | IOException ex) {
            Log.warnf("social provider %s: keys cannot be read: %s", p.name(), ex.getClass().getSimpleName());
            throw ApiException.unavailable("The provider cannot be reached", RETRY_AFTER);
        }
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(60)
                .setExpectedIssuer(e.issuer())
                .setExpectedAudience(p.clientId())
                .setEvaluationTime(NumericDate.fromMilliseconds(clock.millis()))
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(e.jwks()))
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256, AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512, AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA384, AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
                        AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512))
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(idToken);
        } catch (InvalidJwtException ex) {
            // jose4j's codes only: its messages can quote the whole token
            Log.infof("social provider %s: ID token refused, jose4j error codes %s", p.name(),
                    ex.getErrorDetails().stream().map(d -> Integer.toString(d.getErrorCode())).toList());
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider's ID token is not valid");
        }
        Object nonce = claims.getClaimValue("nonce");
        if (!(nonce instanceof String n) || !Crypto.constantTimeEquals(
                n.getBytes(StandardCharsets.UTF_8), expectedNonce.getBytes(StandardCharsets.UTF_8))) {
            Log.infof("social provider %s: ID token refused: nonce mismatch", p.name());
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider's ID token is not valid");
        }
        try {
            // several audiences: the token must have been issued to us (OIDC Core 3.1.3.7)
            if (claims.getAudience().size() > 1 && !p.clientId().equals(claims.getClaimValue("azp"))) {
                throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider's ID token is not valid");
            }
            JsonNode json = mapper.readTree(claims.toJson());
            return identity(p, json, null);
        } catch (org.jose4j.jwt.MalformedClaimException | IOException ex) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider's ID token is not valid");
        }
    }

    /** The identity in an OAuth 2.0 provider's user info, read with the access token. */
    public Identity userinfoIdentity(Provider p, Endpoints e, JsonNode tokens) {
        String access = text(tokens, "access_token");
        if (access == null) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider gave no access token");
        }
        String url = e.userinfo();
        HttpRequest.Builder req;
        switch (p.userinfoAuth()) {
            case QUERY -> req = HttpRequest.newBuilder(uri(p, url + (url.contains("?") ? "&" : "?")
                    + "access_token=" + formEncode(access)));
            case OAUTH -> req = HttpRequest.newBuilder(uri(p, url)).header("Authorization", "OAuth " + access);
            default -> req = HttpRequest.newBuilder(uri(p, url)).header("Authorization", "Bearer " + access);
        }
        JsonNode info = send(p, req.timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET().build(),
                "user-info endpoint");
        if (info.has("error")) {
            throw refused(p, "user-info endpoint", info);
        }
        return identity(p, info, tokens);
    }

    /** Maps the configured claim names; a field missing from {@code primary} is looked up in {@code fallback}. */
    Identity identity(Provider p, JsonNode primary, JsonNode fallback) {
        String subject = scalar(primary, fallback, p.claims().subject());
        if (subject == null || subject.isBlank() || subject.length() > SocialAccount.MAX_SOCIAL_ID) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider gave no usable subject");
        }
        String email = scalar(primary, fallback, p.claims().email());
        JsonNode verified = at(primary, p.claims().emailVerified());
        if (verified == null) {
            verified = at(fallback, p.claims().emailVerified());
        }
        boolean emailVerified = verified != null
                && (verified.isBoolean() ? verified.booleanValue() : "true".equalsIgnoreCase(verified.asText()));
        String name = scalar(primary, fallback, p.claims().name());
        if (name == null) {
            name = scalar(primary, fallback, "name");
        }
        return new Identity(subject, email, emailVerified, name);
    }

    private static String scalar(JsonNode primary, JsonNode fallback, String path) {
        JsonNode n = at(primary, path);
        if (n == null) {
            n = at(fallback, path);
        }
        return n == null ? null : n.asText();
    }

    /** A value by dotted path ({@code response.0.id}); null when missing, null or not a scalar. */
    static JsonNode at(JsonNode root, String path) {
        if (root == null || path == null || path.isBlank()) {
            return null;
        }
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            if (n == null) {
                return null;
            }
            if (n.isArray() && part.matches("\\d{1,6}")) {
                n = n.get(Integer.parseInt(part));
            } else if (n.isObject()) {
                n = n.get(part);
            } else {
                return null;
            }
        }
        return n == null || n.isNull() || n.isContainerNode() ? null : n;
    }

    /**
     * Sends and reads a JSON object. Unreachable, 5xx or an unreadable body: 503; 4xx: 401 when the provider may
     * refuse (a code, a token), else 503 (discovery: a misconfiguration no retry by the user fixes, but ours).
     */
    private JsonNode send(Provider p, HttpRequest request, String what) {
        return send(p, request, what, true);
    }

    private JsonNode send(Provider p, HttpRequest request, String what, boolean mayRefuse) {
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
        } catch (IOException ex) {
            Log.warnf("social provider %s: %s unreachable: %s", p.name(), what, ex.getClass().getSimpleName());
            throw ApiException.unavailable("The provider cannot be reached", RETRY_AFTER);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("The provider cannot be reached", RETRY_AFTER);
        }
        int status = response.statusCode();
        if (status >= 500 || body.length > MAX_BODY || status >= 300 && !mayRefuse) {
            Log.warnf("social provider %s: %s answered %d", p.name(), what, status);
            throw ApiException.unavailable("The provider cannot be reached", RETRY_AFTER);
        }
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException ex) {
            json = null;
        }
        if (status >= 300) {
            throw refused(p, what, json);
        }
        if (json == null || !json.isObject()) {
            Log.warnf("social provider %s: %s answered %d without a JSON object", p.name(), what, status);
            throw ApiException.unavailable("The provider gave an answer that cannot be read", RETRY_AFTER);
        }
        return json;
    }

    private static ApiException refused(Provider p, String what, JsonNode json) {
        String error = json == null ? null : text(json, "error");
        Log.infof("social provider %s: %s refused: %s", p.name(), what, safe(error));
        return new ApiException(ErrorCode.TOKEN_INVALID, "The provider refused the login");
    }

    /** An error code from outside, fit for a log line: short, no control characters. */
    static String safe(String s) {
        if (s == null) {
            return "(none)";
        }
        String t = s.replaceAll("[^A-Za-z0-9_.:-]", "?");
        return t.length() > 64 ? t.substring(0, 64) : t;
    }

    private static URI uri(Provider p, String url) {
        try {
            return URI.create(url);
        } catch (IllegalArgumentException ex) {
            Log.errorf("social provider %s: bad endpoint URL", p.name());
            throw ApiException.unavailable("The provider's configuration cannot be used", RETRY_AFTER);
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
    }

    static String formEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

}
