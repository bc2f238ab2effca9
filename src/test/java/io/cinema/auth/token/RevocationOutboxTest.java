package io.cinema.auth.token;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.CuttableProxy;
import io.cinema.auth.support.ThrowawayRedis;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A revocation or role change committed while Redis refuses writes (a throwaway server with {@code maxmemory 1}) is
 * kept in the PostgreSQL outbox, the request still succeeds, and the change reaches Redis within 5 s of Redis taking
 * writes again, although the stale cached entries would otherwise live for their whole TTL. The rate limits are off
 * here: they answer 503 in a write outage by design, and this is about what happens to a change that got through.
 * While a change waits in the outbox its stale entries are not believed, on this replica at once and on any other
 * within a second or two; after Redis dropped its connections (a fail-over), no entry written before is believed.
 */
@QuarkusTest
@TestProfile(RevocationOutboxTest.Profile.class)
class RevocationOutboxTest {

    static ThrowawayRedis server;
    /** Between the service and {@link #server}: cut, it drops the connections as a dying master does. */
    static CuttableProxy proxy;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.rate-limit.enabled", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(OwnRedis.class));
        }
    }

    public static class OwnRedis implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                server = new ThrowawayRedis();
                server.start();
                proxy = new CuttableProxy("127.0.0.1", server.port());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + proxy.port(), "quarkus.redis.timeout", "1S");
        }

        @Override
        public void stop() {
            proxy.close();
            server.close();
        }
    }

    @Inject
    RedisDataSource redis;
    @Inject
    Admins admins;

    @AfterEach
    void liftAnyOutage() {
        redis.execute("CONFIG", "SET", "maxmemory", "0");
    }

    void refuseWrites() {
        redis.execute("CONFIG", "SET", "maxmemory", "1");
        assertThrows(RuntimeException.class, () -> redis.execute("SET", "outage-probe", "x"), "Redis refuses writes");
    }

    void takeWrites() {
        redis.execute("CONFIG", "SET", "maxmemory", "0");
    }

    static Response check(TestUser u, String role) {
        return bearer(u.accessToken()).get("/api/v1/authz/check?role=" + role);
    }

    /** Whether Redis holds a live entry for the user's session (what a stale cache would let in). */
    boolean cachedLive(TestUser u) {
        var raw = redis.execute("GET", CachedStateMacTest.sessionKey(u.id(), CachedStateMacTest.sid(u.accessToken())));
        return raw != null && raw.toString().startsWith("L");
    }

    /** Revokes the session in PostgreSQL only, as a change Redis never heard of (another replica's, or a lost write). */
    static void revokeBehindTheCachesBack(TestUser u, boolean withOutboxRow) {
        UUID sid = UUID.fromString(CachedStateMacTest.sid(u.accessToken()));
        QuarkusTransaction.requiringNew().run(() -> {
            Session s = Session.findById(sid);
            s.revokedAt = java.time.Instant.now();
            s.revokeReason = "logout";
            if (withOutboxRow) {
                CacheOutbox.of(CacheOutbox.SESSION_REVOKED, sid).persist();
            }
        });
    }

    static long outboxRowsFor(UUID... targets) {
        return QuarkusTransaction.requiringNew().call(() -> CacheOutbox.count("target in ?1", List.of(targets)));
    }

    /** Polls for at most {@code millis}; returns how long it took, or fails with the last answer. */
    static long within(long millis, TestUser u, String role, Predicate<Response> done) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + millis * 1_000_000;
        Response last;
        do {
            last = check(u, role);
            if (done.test(last)) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not within " + millis + " ms; last answer " + last.statusCode() + " " + last.asString());
    }

    static void awaitNoOutboxRows(UUID... targets) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (outboxRowsFor(targets) > 0) {
            assertTrue(System.nanoTime() < deadline, "the outbox rows are deleted once pushed");
            Thread.sleep(100);
        }
    }

    @Test
    void aDeactivationDuringAWriteOutageIsRefusedAtOnceAndReachesRedisWithin5sOfItTakingWritesAgain() throws Exception {
        TestUser admin = admins.superuser();
        TestUser u = signup();
        check(u, "user").then().statusCode(200).body("allowed", equalTo(true));

        refuseWrites();
        try {
            bearer(admin.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + u.id()).then()
                    .statusCode(200).body("active", equalTo(false));
            assertTrue(outboxRowsFor(UUID.fromString(u.id())) > 0, "the change waits in the outbox");
            assertTrue(cachedLive(u), "the stale entries are still in Redis");
            // yet not believed: the change is pending
            check(u, "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        } finally {
            takeWrites();
        }
        awaitNoOutboxRows(UUID.fromString(u.id()), UUID.fromString(CachedStateMacTest.sid(u.accessToken())));
        check(u, "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void aRoleTakenDuringAWriteOutageIsGoneFromTheCheckAtOnceAndFromRedisWithin5sOfItTakingWritesAgain()
            throws Exception {
        TestUser admin = admins.superuser();
        TestUser u = signup();
        String role = "outage_" + UUID.randomUUID().toString().substring(0, 8);
        String roleId = bearer(admin.accessToken()).body(Map.of("name", role)).post("/api/v1/roles").then()
                .statusCode(201).extract().path("id");
        bearer(admin.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
        check(u, role).then().statusCode(200).body("allowed", equalTo(true));

        refuseWrites();
        try {
            bearer(admin.accessToken()).delete("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
            assertTrue(outboxRowsFor(UUID.fromString(u.id())) > 0, "the change waits in the outbox");
            check(u, role).then().statusCode(200).body("allowed", equalTo(false));
        } finally {
            takeWrites();
        }
        awaitNoOutboxRows(UUID.fromString(u.id()));
        check(u, role).then().statusCode(200).body("allowed", equalTo(false));
    }

    @Test
    void aLogoutDuringAWriteOutageIsRefusedAtOnceAndReachesRedisWithin5sOfItTakingWritesAgain() throws Exception {
        TestUser u = signup();
        check(u, "user").then().statusCode(200).body("allowed", equalTo(true));
        refuseWrites();
        try {
            bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
            assertTrue(cachedLive(u), "the stale live entry is still in Redis");
            check(u, "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        } finally {
            takeWrites();
        }
        awaitNoOutboxRows(UUID.fromString(CachedStateMacTest.sid(u.accessToken())));
        check(u, "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void aChangeWhosePushWorkedLeavesNoOutboxRowAndShowsAtOnce() {
        TestUser admin = admins.superuser();
        TestUser u = signup();
        check(u, "user").then().statusCode(200).body("allowed", equalTo(true));
        bearer(admin.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + u.id()).then()
                .statusCode(200);
        assertEquals(0, outboxRowsFor(UUID.fromString(u.id()), UUID.fromString(CachedStateMacTest.sid(u.accessToken()))),
                "pushed and deleted before the answer");
        check(u, "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void aRevocationAnotherReplicaLeftInTheOutboxIsRefusedHereWithin2sWhileRedisStillRefusesWrites() throws Exception {
        TestUser u = signup();
        check(u, "user").then().statusCode(200).body("allowed", equalTo(true));
        refuseWrites();
        try {
            revokeBehindTheCachesBack(u, true);
            assertTrue(cachedLive(u), "the stale live entry is still in Redis");
            long took = within(2_000, u, "user", r -> r.statusCode() == 401 && "TOKEN_REVOKED".equals(r.path("code")));
            System.out.printf("a revocation in the outbox refused after %d ms%n", took);
            assertTrue(cachedLive(u), "refused while Redis still held the live entry");
        } finally {
            takeWrites();
        }
        awaitNoOutboxRows(UUID.fromString(CachedStateMacTest.sid(u.accessToken())));
        check(u, "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void afterRedisDroppedItsConnectionsNoEntryWrittenBeforeIsBelievedSoALostRevocationCannotLetTheSessionIn()
            throws Exception {
        TestUser u = signup();
        TestUser other = signup();
        check(u, "user").then().statusCode(200).body("allowed", equalTo(true));
        check(other, "user").then().statusCode(200).body("allowed", equalTo(true));
        // as a promoted replica that lacks the marker its master acknowledged: PostgreSQL revoked, Redis live
        revokeBehindTheCachesBack(u, false);
        check(u, "user").then().statusCode(200).body("allowed", equalTo(true));

        // the connections drop, as when a master dies; Redis itself keeps its data, as the promoted replica does
        proxy.cut();
        try {
            check(u, "user").then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"));
        } finally {
            proxy.restore();
        }
        assertTrue(cachedLive(u), "Redis still holds the live entry");
        check(u, "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        check(other, "user").then().statusCode(200).body("allowed", equalTo(true));
        // the entries read back from PostgreSQL after the outage are believed again once the clock skew has passed
        Thread.sleep(CacheTrust.CLOCK_SKEW.toMillis() + 500);
        check(other, "user").then().statusCode(200).body("allowed", equalTo(true));
        revokeBehindTheCachesBack(other, false);
        check(other, "user").then().statusCode(200).body("allowed", equalTo(true));
    }
}
