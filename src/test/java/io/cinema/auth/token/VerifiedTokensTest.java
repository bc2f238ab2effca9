package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;

class VerifiedTokensTest {

    /** The real verifier, counting how often it is asked. */
    static final class CountingAccessTokens extends AccessTokens {
        final AtomicInteger verifications = new AtomicInteger();

        CountingAccessTokens(Map<String, String> cfg, SigningKeys keys, Clock clock) {
            super(io.cinema.auth.support.TestConfigs.mapping(TokenConfig.class, cfg),
                    io.cinema.auth.support.TestConfigs.mapping(io.cinema.auth.support.ServiceConfig.class, cfg), keys,
                    clock);
        }

        @Override
        public Claims verifyAny(String token) {
            verifications.incrementAndGet();
            return super.verifyAny(token);
        }
    }

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @TempDir
    Path dir;
    MovableClock clock;
    CountingAccessTokens tokens;
    VerifiedTokens verified;

    @BeforeEach
    void setUp() {
        Map<String, String> cfg = Map.of("auth.jwt.generated-key-dir", dir.toString());
        clock = new MovableClock();
        tokens = new CountingAccessTokens(cfg, TokenSetup.signingKeys(cfg), clock);
        verified = new VerifiedTokens(tokens, clock);
    }

    private String token() {
        return tokens.issue(UUID.randomUUID(), "viewer", UUID.randomUUID(), List.of("user"));
    }

    @Test
    void aTokenIsVerifiedOnceAndItsClaimsAreReusedUntilItsExpiry() {
        String t = token();
        AccessTokens.Claims first = verified.verify(t);
        AccessTokens.Claims again = verified.verify(t);
        assertEquals(first, again);
        assertEquals(1, tokens.verifications.get(), "the signature is checked once");
        clock.now = first.expiresAt().plus(VerifiedTokens.SKEW).minusSeconds(1);
        verified.verify(t);
        assertEquals(1, tokens.verifications.get(), "still within the token's life and the skew");
        clock.now = first.expiresAt().plus(VerifiedTokens.SKEW);
        verified.verify(t);
        assertEquals(2, tokens.verifications.get(), "past it, verified afresh");
    }

    @Test
    void aForgedOrAlteredTokenIsNeverRememberedAndFailsEveryTime() {
        String t = token();
        String altered = t.substring(0, t.length() - 4) + (t.endsWith("AAAA") ? "BBBB" : "AAAA");
        for (int i = 0; i < 3; i++) {
            ApiException e = assertThrows(ApiException.class, () -> verified.verify(altered));
            assertEquals(ErrorCode.TOKEN_INVALID, e.code());
        }
        assertEquals(3, tokens.verifications.get());
        assertEquals(0, verified.size());
    }

    @Test
    void distinctTokensOfOneSessionAreDistinctEntries() {
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        String a = tokens.issue(user, "viewer", session, List.of("user"));
        String b = tokens.issue(user, "viewer", session, List.of("user", "subscriber"));
        assertEquals(List.of("user"), verified.verify(a).groups());
        assertEquals(List.of("user", "subscriber"), verified.verify(b).groups());
        assertEquals(2, verified.size());
    }

    @Test
    void theMapStaysBoundedAndEveryTokenStillVerifies() {
        VerifiedTokens small = new VerifiedTokens(tokens, clock, 5);
        for (int i = 0; i < 12; i++) {
            String t = token();
            assertEquals("viewer", small.verify(t).username());
            assertEquals(true, small.size() <= 5, "at most 5 entries, held " + small.size());
            assertEquals("viewer", small.verify(t).username(), "the newest token is remembered");
        }
    }
}
