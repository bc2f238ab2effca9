package io.cinema.auth.token;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Crypto;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class RefreshTokenTest {

    static Response refresh(String token) {
        return json().body(Map.of("refresh_token", token)).post("/api/v1/auth/refresh");
    }

    @Test
    void refreshTokensAreStoredOnlyAsHashes() {
        TestUser u = signup();
        long clear = QuarkusTransaction.requiringNew().call(() -> RefreshToken.count("tokenHash = ?1",
                (Object) u.refreshToken().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        long hashed = QuarkusTransaction.requiringNew().call(() -> RefreshToken.count("tokenHash = ?1",
                (Object) Crypto.sha256(u.refreshToken())));
        assertEquals(0, clear);
        assertEquals(1, hashed);
        assertTrue(Crypto.fromBase64Url(u.refreshToken()).length >= 32, "at least 256 random bits");
    }

    @Test
    void twentyConcurrentRefreshesOfOneTokenAllGetTheSameSuccessor() throws Exception {
        TestUser u = signup();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            results.add(pool.submit((Callable<Response>) () -> {
                start.await();
                return refresh(u.refreshToken());
            }));
        }
        start.countDown();
        Set<String> successors = new HashSet<>();
        for (Future<Response> f : results) {
            Response r = f.get();
            assertEquals(200, r.statusCode(), r.asString());
            successors.add(r.path("refresh_token"));
        }
        pool.shutdown();
        assertEquals(1, successors.size(), "every retry gets the same successor");
        String successor = successors.iterator().next();
        Response next = refresh(successor);
        next.then().statusCode(200);
        bearer(next.path("access_token")).get("/api/v1/account").then().statusCode(200);
    }

    @Test
    void aTokenReplayedAfterItsSuccessorWasUsedRevokesTheSession() {
        TestUser u = signup();
        String successor = refresh(u.refreshToken()).path("refresh_token");
        Response third = refresh(successor);
        third.then().statusCode(200);
        refresh(u.refreshToken()).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("REFRESH_TOKEN_REUSED"));
        // the whole session is gone: its newest refresh token and its access tokens
        refresh(third.path("refresh_token")).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        bearer(third.path("access_token")).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        refresh(u.refreshToken()).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        // other sessions of the user live on
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    /** A rotation is one statement (RefreshRotation): each of its four writes must be there. */
    @Test
    void aRotationLinksTheChainAndRecordsItsHistoryRowAndARetryOnlyItsRow() {
        TestUser u = signup();
        String ua = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
        Response first = json().header("User-Agent", ua).body(Map.of("refresh_token", u.refreshToken()))
                .post("/api/v1/auth/refresh");
        first.then().statusCode(200);
        // a retry within the grace: the same successor, one more history row, no new token
        json().header("User-Agent", ua).body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/refresh")
                .then().statusCode(200).body("refresh_token", equalTo(first.path("refresh_token")));
        RefreshToken used = QuarkusTransaction.requiringNew().call(() -> RefreshToken.findByHash(
                Crypto.sha256(u.refreshToken())));
        RefreshToken next = QuarkusTransaction.requiringNew().call(() -> RefreshToken.findByHash(
                Crypto.sha256((String) first.path("refresh_token"))));
        assertTrue(used.used && used.usedAt != null, "the presented token is marked used");
        assertTrue(java.util.Arrays.equals(next.tokenHash, used.successorHash), "its successor is linked");
        assertEquals(used.sessionId, next.sessionId);
        assertTrue(!next.used && next.expiresAt.isAfter(java.time.Instant.now()));
        assertEquals(2L, (long) QuarkusTransaction.requiringNew().call(() -> RefreshToken.count("sessionId",
                used.sessionId)), "a retry makes no token");
        List<Map<String, Object>> items = bearer(first.path("access_token")).get("/api/v1/account/history?size=10")
                .then().statusCode(200).extract().path("items");
        List<Map<String, Object>> refreshes = items.stream().filter(i -> "refresh".equals(i.get("event_type")))
                .toList();
        assertEquals(2, refreshes.size(), items.toString());
        for (Map<String, Object> r : refreshes) {
            assertEquals(true, r.get("success"));
            assertEquals(ua, r.get("user_agent"));
            assertEquals("mobile", r.get("device"));
        }
    }

    @Test
    void aTokenReplayedAfterTheGraceIsReuse() {
        TestUser u = signup();
        refresh(u.refreshToken()).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> RefreshToken.update("usedAt = ?1 where tokenHash = ?2",
                java.time.Instant.now().minusSeconds(11), Crypto.sha256(u.refreshToken())));
        refresh(u.refreshToken()).then().statusCode(401).body("code", equalTo("REFRESH_TOKEN_REUSED"));
    }

    @Test
    void anExpiredRefreshTokenOrSessionIsTokenExpired() {
        TestUser u = signup();
        QuarkusTransaction.requiringNew().run(() -> RefreshToken.update("expiresAt = ?1 where tokenHash = ?2",
                java.time.Instant.now().minusSeconds(1), Crypto.sha256(u.refreshToken())));
        refresh(u.refreshToken()).then().statusCode(401).body("code", equalTo("TOKEN_EXPIRED"));

        TestUser v = signup();
        QuarkusTransaction.requiringNew().run(() -> {
            RefreshToken t = RefreshToken.findByHash(Crypto.sha256(v.refreshToken()));
            Session.update("expiresAt = ?1 where id = ?2", java.time.Instant.now().minusSeconds(1), t.sessionId);
        });
        refresh(v.refreshToken()).then().statusCode(401).body("code", equalTo("TOKEN_EXPIRED"));
    }

    @Test
    void aRefreshTokenNeverOutlivesItsSession() {
        TestUser u = signup();
        java.time.Instant end = java.time.Instant.now().plusSeconds(3600);
        QuarkusTransaction.requiringNew().run(() -> {
            RefreshToken t = RefreshToken.findByHash(Crypto.sha256(u.refreshToken()));
            Session.update("expiresAt = ?1 where id = ?2", end, t.sessionId);
        });
        Response r = refresh(u.refreshToken());
        r.then().statusCode(200);
        int life = r.path("refresh_expires_in");
        assertTrue(life <= 3600 && life > 3500, "refresh_expires_in " + life);
    }

    @Test
    void unknownAndGarbageTokensAreInvalid() {
        refresh("A".repeat(43)).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        refresh("not a token at all").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        refresh("x".repeat(500)).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        // any length or shape is a token to refuse, not a malformed request
        refresh("x".repeat(600)).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        refresh("y".repeat(20_000)).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        refresh("").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        refresh("  \u00e9 \u2603 ").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        json().body(Map.of()).post("/api/v1/auth/refresh").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        json().body(Map.of("refresh_token", 12345)).post("/api/v1/auth/refresh").then().statusCode(400);
    }

    @Test
    void concurrentLogoutAndRefreshEndConsistently() throws Exception {
        for (int round = 0; round < 5; round++) {
            TestUser u = signup();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            Future<Response> r = pool.submit(() -> {
                start.await();
                return refresh(u.refreshToken());
            });
            Future<Response> l = pool.submit(() -> {
                start.await();
                return bearer(u.accessToken()).post("/api/v1/auth/logout");
            });
            start.countDown();
            Response refreshed = r.get();
            assertEquals(204, l.get().statusCode());
            pool.shutdown();
            if (refreshed.statusCode() == 200) {
                // the refresh won the race: the session is revoked anyway, and so are its new tokens
                refresh(refreshed.path("refresh_token")).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
                bearer(refreshed.path("access_token")).get("/api/v1/account").then().statusCode(401);
            } else {
                assertEquals("TOKEN_REVOKED", refreshed.path("code"));
            }
        }
    }
}
