package io.cinema.auth.role;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.cinema.auth.support.TestServers;
import io.cinema.auth.support.ThrowawayRedis;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Black box: two replicas of the packaged jar, both started here, on one throwaway Redis and a database of their own
 * ({@code <AUTH_TEST_DB>_replicas}, made on first use): the jar another integration test had Quarkus start stays up
 * for the whole run on the ordinary test Redis, and on a shared database its outbox job would push these changes
 * there. ({@code @QuarkusIntegrationTest} with a test resource is no way out either: its settings outlived this class
 * and pointed the next integration test's jar at a Redis that was gone.) A revocation committed on one replica while
 * Redis refuses writes ({@code maxmemory 1}) is refused by that replica at once and by the other within 3 s, while
 * Redis still holds the stale entries (every replica reads the outbox each second), and reaches Redis within 5 s of
 * it taking writes again, also when the replica that made the change is gone by then: every replica's outbox job
 * pushes. The rate limits are off
 * (in a write outage they answer 503 by design; this is about a change that got through).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RevocationOutageTwoReplicasIT {

    static final String PASSWORD = "correct horse battery staple";
    static ThrowawayRedis redis;
    static Process replicaA;
    static Process replicaB;
    static int portA;
    static int portB;

    static String database() {
        return TestServers.database() + "_replicas";
    }

    /** On the test run's PostgreSQL: the local one, or the embedded one when none answers (TestServers). */
    static String jdbcUrl(String db) {
        return TestServers.jdbcUrl(db);
    }

    static void createDatabaseOnce() throws Exception {
        String main = TestServers.database();
        try (Connection c = DriverManager.getConnection(jdbcUrl(main), "postgres", "");
                PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, database());
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    c.createStatement().execute("CREATE DATABASE \"" + database() + "\"");
                }
            }
        }
    }

    static int redisPort() {
        return redis.port();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Process launch(int port, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Dquarkus.profile=test", "-Dquarkus.http.port=" + port,
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl(database()),
                "-Dquarkus.redis.hosts=redis://127.0.0.1:" + redisPort(), "-Dquarkus.redis.timeout=1S",
                "-Dauth.rate-limit.enabled=false", "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitReady(int port, Path log) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (given().port(port).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("replica did not start: " + Files.readString(log));
    }

    @BeforeAll
    static void startRedisAndBothReplicas() throws Exception {
        createDatabaseOnce();
        redis = new ThrowawayRedis();
        redis.start();
        portA = freePort();
        portB = freePort();
        Path logA = Files.createTempFile("replica-a", ".log");
        Path logB = Files.createTempFile("replica-b", ".log");
        replicaA = launch(portA, logA);
        replicaB = launch(portB, logB);
        awaitReady(portA, logA);
        awaitReady(portB, logB);
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (Process p : new Process[] {replicaA, replicaB}) {
            if (p != null && p.isAlive()) {
                p.destroy();
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
        if (redis != null) {
            redis.close();
        }
    }

    static RequestSpecification a() {
        return given().port(portA).contentType(ContentType.JSON)
                .header("X-Forwarded-For", "10.8." + (int) (Math.random() * 250) + ".1");
    }

    static RequestSpecification b() {
        return given().port(portB).contentType(ContentType.JSON)
                .header("X-Forwarded-For", "10.8." + (int) (Math.random() * 250) + ".1");
    }

    static String redisCli(String... args) throws IOException {
        return redis.command(args);
    }

    static void refuseWrites() throws Exception {
        assertEquals("OK", redisCli("CONFIG", "SET", "maxmemory", "1"));
        assertTrue(redisCli("SET", "outage-probe", "x").contains("OOM"), "Redis refuses writes");
    }

    static void takeWrites() throws Exception {
        assertEquals("OK", redisCli("CONFIG", "SET", "maxmemory", "0"));
    }

    static long outboxRowsFor(String... targets) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(database()), "postgres", "");
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM cache_outbox WHERE target::text = ANY(?)")) {
            q.setArray(1, c.createArrayOf("text", targets));
            try (ResultSet r = q.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static String sid(String accessToken) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8))
                .getString("sid");
    }

    static String rootToken() throws Exception {
        String admin = "root_" + UUID.randomUUID().toString().substring(0, 8);
        List<String> cmd = List.of(java(), "-Dquarkus.profile=test",
                "-Dquarkus.datasource.jdbc.url=" + jdbcUrl(database()),
                "-Dquarkus.redis.hosts=redis://127.0.0.1:" + redisPort(), "-jar",
                Path.of("target", "quarkus-app", "quarkus-run.jar").toString(), "create-superuser", "--username", admin,
                "--password-stdin");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write((PASSWORD + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command finishes in seconds");
        assertEquals(0, p.exitValue());
        return a().body(Map.of("login", admin, "password", PASSWORD)).post("/api/v1/auth/login").then().statusCode(200)
                .extract().path("access_token");
    }

    record Viewer(String token, String id, String sid) {
    }

    static Viewer cachedViewer(RequestSpecification where) {
        String name = "viewer_" + UUID.randomUUID().toString().substring(0, 8);
        String token = where.body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup").then().statusCode(201).extract().path("access_token");
        String id = a().header("Authorization", "Bearer " + token).get("/api/v1/account").then().statusCode(200)
                .extract().path("id");
        for (RequestSpecification replica : List.of(a(), b())) {
            replica.header("Authorization", "Bearer " + token).get("/api/v1/authz/check?role=user").then().statusCode(200)
                    .body("allowed", equalTo(true));
        }
        return new Viewer(token, id, sid(token));
    }

    /** Polls the replica's permission check for at most {@code millis} until it refuses the token as revoked. */
    static void refusedWithin(long millis, Supplier<RequestSpecification> replica, String token)
            throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        Response last;
        do {
            last = replica.get().header("Authorization", "Bearer " + token).get("/api/v1/authz/check?role=user");
            if (last.statusCode() == 401 && "TOKEN_REVOKED".equals(last.path("code"))) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("still " + last.statusCode() + " " + last.asString() + " after " + millis + " ms");
    }

    static void outboxEmptiesWithin5s(Viewer v) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (outboxRowsFor(v.id(), v.sid()) > 0) {
            assertTrue(System.nanoTime() < deadline, "the outbox rows are deleted once pushed");
            Thread.sleep(100);
        }
    }

    @Test
    @Order(1)
    void aDeactivationOnReplicaADuringAWriteOutageIsRefusedByAAtOnceAndByBWithin3sWhileRedisStillRefusesWrites()
            throws Exception {
        String root = rootToken();
        Viewer v = cachedViewer(b());
        refuseWrites();
        try {
            a().header("Authorization", "Bearer " + root).body(Map.of("active", false)).patch("/api/v1/users/" + v.id())
                    .then().statusCode(200).body("active", equalTo(false));
            assertTrue(outboxRowsFor(v.id(), v.sid()) > 0, "the change waits in the outbox");
            // both replicas' cached entries are stale (Redis took no change), yet neither believes them
            a().header("Authorization", "Bearer " + v.token()).get("/api/v1/authz/check?role=user").then()
                    .statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
            refusedWithin(3_000, RevocationOutageTwoReplicasIT::b, v.token());
            assertTrue(outboxRowsFor(v.id(), v.sid()) > 0, "refused before Redis took the change");
        } finally {
            takeWrites();
        }
        outboxEmptiesWithin5s(v);
        refusedWithin(1_000, RevocationOutageTwoReplicasIT::b, v.token());
        refusedWithin(1_000, RevocationOutageTwoReplicasIT::a, v.token());
    }

    @Test
    @Order(2)
    void aRevocationCommittedByAReplicaThatIsGoneByThenIsRefusedByTheOtherAndReachesRedisWithin5sOfWrites()
            throws Exception {
        String root = rootToken();
        Viewer v = cachedViewer(a());
        refuseWrites();
        try {
            b().header("Authorization", "Bearer " + root).body(Map.of("active", false)).patch("/api/v1/users/" + v.id())
                    .then().statusCode(200);
            assertTrue(outboxRowsFor(v.id(), v.sid()) > 0, "the change waits in the outbox");
            replicaB.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            refusedWithin(3_000, RevocationOutageTwoReplicasIT::a, v.token());
        } finally {
            takeWrites();
        }
        outboxEmptiesWithin5s(v);
        refusedWithin(1_000, RevocationOutageTwoReplicasIT::a, v.token());
    }
}
