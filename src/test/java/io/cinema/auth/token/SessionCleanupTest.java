package io.cinema.auth.token;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.CleanupConfig;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.TestClock;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SessionCleanupTest {

    @Inject
    SessionCleanup cleanup;
    @Inject
    CleanupConfig cleanupConfig;
    @Inject
    TokenConfig tokenConfig;
    @Inject
    TestClock clock;
    @Inject
    AgroalDataSource dataSource;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static Response refresh(String token) {
        return json().body(Map.of("refresh_token", token)).post("/api/v1/auth/refresh");
    }

    static RefreshToken row(String value) {
        return QuarkusTransaction.requiringNew().call(() -> RefreshToken.findByHash(Crypto.sha256(value)));
    }

    static Session sessionOf(String value) {
        return QuarkusTransaction.requiringNew().call(() -> Session.findById(RefreshToken.findByHash(
                Crypto.sha256(value)).sessionId));
    }

    @Test
    void aUsedTokenInsideItsLifeIsKeptAndItsReplayStillRevokesTheSession() {
        TestUser u = signup();
        String successor = refresh(u.refreshToken()).then().statusCode(200).extract().path("refresh_token");
        UUID sid = sessionOf(successor).id;
        // a day before the used token's own expiry: past the grace by far, inside the life a thief could use it in
        clock.advance(tokenConfig.refreshTokenTtl().minus(Duration.ofDays(1)));

        cleanup.run();

        RefreshToken used = row(u.refreshToken());
        assertNotNull(used, "a used token that could still be exchanged is kept");
        assertTrue(used.used);
        refresh(u.refreshToken()).then().statusCode(401).body("code", equalTo("REFRESH_TOKEN_REUSED"));
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> Session.<Session>findById(sid)).revokedAt);
        refresh(successor).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void aUsedTokenIsDeletedOnlyOnceItsLifeAndTheRetentionHavePassed() {
        TestUser u = signup();
        String successor = refresh(u.refreshToken()).then().statusCode(200).extract().path("refresh_token");
        RefreshToken used = row(u.refreshToken());
        Duration retention = cleanupConfig.retention();
        clock.freeze(used.expiresAt.plus(retention).minusSeconds(60));

        cleanup.run();

        assertNotNull(row(u.refreshToken()), "kept for the retention after its expiry");
        assertNotNull(row(successor), "the successor, issued later, never goes before its parent");
        refresh(u.refreshToken()).then().statusCode(401).body("code", equalTo("TOKEN_EXPIRED"));

        clock.advance(Duration.ofSeconds(120));
        cleanup.run();

        assertNull(row(u.refreshToken()), "past its life and the retention: deleted");
        refresh(u.refreshToken()).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        Session s = QuarkusTransaction.requiringNew().call(() -> Session.findById(used.sessionId));
        assertNotNull(s, "the session is neither revoked nor at its end: it stays");
    }

    @Test
    void aRevokedSessionGoesWithItsTokensAfterTheRetention() {
        TestUser u = signup();
        String successor = refresh(u.refreshToken()).then().statusCode(200).extract().path("refresh_token");
        Session s = sessionOf(successor);
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);

        clock.advance(cleanupConfig.retention().minusSeconds(60));
        cleanup.run();
        assertNotNull(QuarkusTransaction.requiringNew().call(() -> Session.findById(s.id)));
        refresh(successor).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));

        clock.advance(Duration.ofSeconds(120));
        SessionCleanup.Result r = cleanup.run();

        assertTrue(r.tokensOfRevokedSessions() >= 2 && r.revokedSessions() >= 1, r.toString());
        assertNull(QuarkusTransaction.requiringNew().call(() -> Session.findById(s.id)));
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> RefreshToken.count("sessionId", s.id)));
        refresh(successor).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void aSessionPastItsEndGoesAfterItsTokensAndALiveOneStays() {
        TestUser ended = signup();
        TestUser live = signup();
        Session s = sessionOf(ended.refreshToken());
        Instant end = clock.instant().minus(cleanupConfig.retention()).minusSeconds(60);
        QuarkusTransaction.requiringNew().run(() -> {
            Session.update("expiresAt = ?1 where id = ?2", end, s.id);
            RefreshToken.update("expiresAt = ?1 where sessionId = ?2", end, s.id);
        });

        SessionCleanup.Result r = cleanup.run();

        assertTrue(r.expiredTokens() >= 1 && r.endedSessions() >= 1, r.toString());
        assertNull(QuarkusTransaction.requiringNew().call(() -> Session.findById(s.id)));
        assertNotNull(row(live.refreshToken()));
        refresh(live.refreshToken()).then().statusCode(200);
        bearer(live.accessToken()).get("/api/v1/account").then().statusCode(200);
    }

    @Test
    void eachStatementDeletesAtMostTheBatchSizeAndTheRunGoesOnUntilTheBacklogIsGone() {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(signup().refreshToken());
        }
        Instant past = clock.instant().minus(cleanupConfig.retention()).minusSeconds(60);
        QuarkusTransaction.requiringNew().run(() -> {
            for (String t : tokens) {
                RefreshToken.update("expiresAt = ?1 where tokenHash = ?2", past, Crypto.sha256(t));
            }
        });
        Instant cutoff = cleanup.cutoff();

        long one = QuarkusTransaction.requiringNew().call(() -> SessionCleanup.deleteExpiredTokens(cutoff, 2));

        assertEquals(2, one, "one statement deletes the batch size and no more");
        assertEquals(3, tokens.stream().filter(t -> row(t) != null).count());
        SessionCleanup.Result r = cleanup.run(2);
        assertTrue(r.expiredTokens() >= 3, r.toString());
        assertEquals(0, tokens.stream().filter(t -> row(t) != null).count());
    }

    @Test
    void aReplicaThatFindsTheLockTakenLeavesTheWorkToTheHolder() throws Exception {
        TestUser u = signup();
        Instant past = clock.instant().minus(cleanupConfig.retention()).minusSeconds(60);
        QuarkusTransaction.requiringNew().run(() -> RefreshToken.update("expiresAt = ?1 where tokenHash = ?2", past,
                Crypto.sha256(u.refreshToken())));
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            try (PreparedStatement lock = other.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, SessionCleanup.LOCK);
                lock.execute();
            }
            assertEquals(0, cleanup.run().total());
            assertNotNull(row(u.refreshToken()));
            other.rollback();
        }
        cleanup.run();
        assertNull(row(u.refreshToken()));
    }
}
