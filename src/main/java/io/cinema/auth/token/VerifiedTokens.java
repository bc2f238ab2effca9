package io.cinema.auth.token;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ErrorCode;

/**
 * The access tokens this replica has verified lately, so a sibling that calls the permission check or the ingress
 * that asks forward authentication on every request pays the signature check once per token, not once per request.
 * Only what the token itself says is kept (its claims, which cannot change: a JWT is immutable); whether its session
 * and user are still live is asked of the state cache on every call, so revocations and role changes still show at
 * once. An entry is used only until the token's own expiry plus the verifier's clock skew, after which the token is
 * verified afresh (and refused as expired). Keyed by the SHA-256 of the token, so the map holds no bearer tokens.
 * Bounded: past {@link #MAX_ENTRIES} the expired entries go, and if that is not enough the whole map.
 */
@Singleton
public class VerifiedTokens {

    static final int MAX_ENTRIES = 20_000;
    /** The verifier's allowed clock skew (AccessTokens accepts a token this long past its exp). */
    static final Duration SKEW = Duration.ofSeconds(30);

    private record Entry(AccessTokens.Claims claims, long usableUntilMs) {
    }

    private final AccessTokens tokens;
    private final Clock clock;
    private final int maxEntries;
    private final ConcurrentHashMap<ByteBuffer, Entry> verified = new ConcurrentHashMap<>();

    @Inject
    public VerifiedTokens(AccessTokens tokens, Clock clock) {
        this(tokens, clock, MAX_ENTRIES);
    }

    VerifiedTokens(AccessTokens tokens, Clock clock, int maxEntries) {
        this.tokens = tokens;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** A user's token, as {@link AccessTokens#verify}: a service client's token is FORBIDDEN. */
    public AccessTokens.Claims verify(String token) {
        AccessTokens.Claims claims = verifyAny(token);
        if (claims.isClient()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "A service client's token is not accepted here");
        }
        return claims;
    }

    /** A user's or a service client's token, verified now or on an earlier call; as {@link AccessTokens#verifyAny}. */
    public AccessTokens.Claims verifyAny(String token) {
        if (token == null || token.isEmpty() || token.length() > AccessTokens.MAX_TOKEN_LENGTH) {
            return tokens.verifyAny(token);
        }
        ByteBuffer key = ByteBuffer.wrap(sha256(token));
        long now = clock.millis();
        Entry hit = verified.get(key);
        if (hit != null) {
            if (now < hit.usableUntilMs()) {
                return hit.claims();
            }
            verified.remove(key, hit);
        }
        AccessTokens.Claims claims = tokens.verifyAny(token);
        long until = claims.expiresAt().plus(SKEW).toEpochMilli();
        if (verified.size() >= maxEntries) {
            verified.values().removeIf(e -> e.usableUntilMs() <= now);
            if (verified.size() >= maxEntries) {
                verified.clear();
            }
        }
        verified.put(key, new Entry(claims, until));
        return claims;
    }

    int size() {
        return verified.size();
    }

    private static byte[] sha256(String token) {
        return Crypto.sha256(token.getBytes(StandardCharsets.US_ASCII));
    }
}
