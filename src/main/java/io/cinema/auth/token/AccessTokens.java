package io.cinema.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.ServiceConfig;

/** Issues and verifies access tokens (JWTs signed with our asymmetric key). */
@Singleton
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class);

    /** Longest compact token we even try to parse. */
    static final int MAX_TOKEN_LENGTH = 8192;
    private static final String[] ACCEPTED_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
        "ES384", "ES512"};

    /**
     * What a verified access token says. A user's token has {@code userId}, {@code sessionId} and {@code username},
     * and {@code clientId} null with no scopes; a service client's token (client credentials) has {@code clientId}
     * and its granted {@code scopes}, and {@code userId}, {@code sessionId} and {@code username} null.
     */
    public record Claims(UUID userId, UUID sessionId, String username, List<String> groups, Instant expiresAt,
            String clientId, List<String> scopes) {

        /** A user's token. */
        public Claims(UUID userId, UUID sessionId, String username, List<String> groups, Instant expiresAt) {
            this(userId, sessionId, username, groups, expiresAt, null, List.of());
        }

        public boolean isClient() {
            return clientId != null;
        }
    }

    /** The claim that marks a service client's token (RFC 9068 §2.2): its {@code sub} is the same client id. */
    public static final String CLIENT_ID_CLAIM = "client_id";

    private final TokenConfig config;
    private final String issuer;
    private final SigningKeys keys;
    private final Clock clock;
    private final JwtConsumer consumer;
    private final Jws jws;

    @Inject
    public AccessTokens(TokenConfig config, ServiceConfig service, SigningKeys keys, Clock clock) {
        this.config = config;
        this.issuer = service.issuer();
        this.keys = keys;
        this.clock = clock;
        this.jws = new Jws(keys.algorithm(), config.jwt().nativeRsa());
        if (keys.algorithm().startsWith("RS")) {
            String why = config.jwt().nativeRsa() ? NativeRsa.status() : "switched off";
            LOG.infof("access tokens signed with %s by %s", keys.algorithm(),
                    jws.signsNatively(keys.signingKey()) ? "OpenSSL" : "the JDK (OpenSSL: " + why + ")");
        }
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setRequireSubject()
                .setRequireJwtId()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(config.audience())
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        ACCEPTED_ALGORITHMS))
                .setVerificationKeyResolver(this::resolveKey)
                .build();
    }

    private java.security.Key resolveKey(JsonWebStructure jws, List<JsonWebStructure> nested) {
        // Only our own keys, chosen by kid; jku, x5u and embedded jwk headers are never followed.
        SigningKeys.VerificationKey vk = keys.byKid(jws.getKeyIdHeaderValue());
        if (vk == null || !vk.algorithm().equals(jws.getAlgorithmHeaderValue())) {
            return null;
        }
        return vk.key();
    }

    public long ttlSeconds() {
        return config.accessTokenTtl().toSeconds();
    }

    public String issue(UUID userId, String username, UUID sessionId, Collection<String> roles) {
        Instant now = clock.instant();
        Map<String, Object> claims = common(userId.toString(), now, config.accessTokenTtl());
        claims.put("sid", sessionId.toString());
        claims.put("preferred_username", username);
        claims.put("upn", username);
        claims.put("groups", new LinkedHashSet<>(roles));
        return jws.sign(keys.signingKid(), claims, keys.signingKey());
    }

    /** {@code iss}, {@code aud}, {@code sub}, {@code iat}, {@code exp} and a fresh {@code jti}, in that order. */
    private Map<String, Object> common(String subject, Instant now, Duration ttl) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", config.audience());
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /**
     * A service client's access token: {@code sub} and {@code client_id} the client id, {@code scope} the granted
     * scopes (space-separated), {@code groups} the client's roles, and no {@code sid}, {@code preferred_username} or
     * {@code upn}, so nothing takes it for a user's.
     */
    public String issueForClient(String clientId, Collection<String> scopes, Collection<String> roles, Duration ttl) {
        Map<String, Object> claims = common(clientId, clock.instant(), ttl);
        claims.put(CLIENT_ID_CLAIM, clientId);
        claims.put("scope", String.join(" ", scopes));
        claims.put("groups", new LinkedHashSet<>(roles));
        return jws.sign(keys.signingKid(), claims, keys.signingKey());
    }

    /**
     * A user's access token: verifies signature, issuer, audience and expiry; throws TOKEN_INVALID or TOKEN_EXPIRED,
     * and 403 FORBIDDEN for a service client's well-signed token, which is no user's (see {@link #verifyAny}).
     */
    public Claims verify(String token) {
        Claims claims = verifyAny(token);
        if (claims.isClient()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A service client's token is not accepted here");
        }
        return claims;
    }

    /**
     * A user's or a service client's access token: verifies signature, issuer, audience and expiry; throws
     * TOKEN_INVALID or TOKEN_EXPIRED. The answer tells the two apart ({@link Claims#isClient}).
     */
    public Claims verifyAny(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
        }
        JwtClaims claims;
        try {
            // jose4j validates claims only after the signature verified, so "expired" means a genuine token
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            if (e.hasExpired()) {
                throw new ApiException(ErrorCode.TOKEN_EXPIRED, "The access token has expired");
            }
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
        }
        if (claims.hasClaim(CLIENT_ID_CLAIM)) {
            return clientClaims(claims);
        }
        try {
            UUID userId = UUID.fromString(claims.getSubject());
            Object sid = claims.getClaimValue("sid");
            if (!(sid instanceof String s)) {
                throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
            }
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            String username = claims.getStringClaimValue("preferred_username");
            return new Claims(userId, UUID.fromString(s), username, groups,
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()));
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
        }
    }

    /** A client token names its client twice ({@code sub}, {@code client_id}) and carries no session. */
    private static Claims clientClaims(JwtClaims claims) {
        try {
            String clientId = claims.getStringClaimValue(CLIENT_ID_CLAIM);
            if (clientId == null || clientId.isEmpty() || !clientId.equals(claims.getSubject())
                    || claims.hasClaim("sid")) {
                throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
            }
            String scope = claims.hasClaim("scope") ? claims.getStringClaimValue("scope") : "";
            List<String> scopes = scope.isBlank() ? List.of() : List.of(scope.trim().split(" +"));
            List<String> groups = claims.hasClaim("groups") ? claims.getStringListClaimValue("groups") : List.of();
            return new Claims(null, null, null, groups, Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    clientId, scopes);
        } catch (MalformedClaimException e) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid");
        }
    }
}
