package io.cinema.auth.support;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code auth.redis.replica-acks=1} against the test run's Redis, one server without replicas: every write that must
 * survive a fail-over is acknowledged by none, as after a master lost its last replica. What the contract needs to
 * fail closed does (a login's brute-force count: 503, never judged uncounted); a revocation is still made, and holds.
 */
@QuarkusTest
@TestProfile(ReplicaAcksTest.OneReplicaAsked.class)
class ReplicaAcksTest {

    public static class OneReplicaAsked implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.redis.replica-acks", "1", "auth.redis.replica-ack-timeout", "PT0.05S");
        }
    }

    @Test
    void aLoginWhoseAttemptCountNoReplicaAcknowledgedIs503NotJudgedUncounted() {
        TestUser u = signup();
        login(u.username(), Api.PASSWORD).then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"))
                .header("Retry-After", notNullValue());
        login(u.username(), "a wrong password").then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"));
    }

    @Inject
    RateLimiter rateLimiter;
    @Inject
    RedisDataSource redis;

    @Test
    void attemptsNoReplicaAcknowledgedAreTakenBackSoAnOutageLocksNobodyOut() throws Exception {
        TestUser u = signup();
        String key = rateLimiter.key("bf", RateLimiter.bruteForceSubject(java.util.UUID.fromString(u.id()),
                u.username()));
        // more than the lock's threshold (10): each is counted by the master, refused 503 unjudged, and taken back
        for (int i = 0; i < 12; i++) {
            login(u.username(), Api.PASSWORD).then().statusCode(503);
        }
        assertNull(redis.hash(String.class).hget(key, "f"), "no count left");
        // and 40 at once, where the tenth count sets the lock before any is taken back: that lock goes with it
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(pool.submit(() -> login(u.username(), Api.PASSWORD).statusCode()));
            }
            for (Future<Integer> a : answers) {
                assertEquals(503, a.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertNull(redis.hash(String.class).hget(key, "f"), "no count left");
        assertNull(redis.hash(String.class).hget(key, "until"), "no lock");
    }

    @Test
    void aLogoutWhoseMarkerNoReplicaAcknowledgedStillEndsTheSession() {
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200)
                .body("allowed", equalTo(true));
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
    }
}
