package io.cinema.auth.web;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.CuttableProxy;
import io.cinema.auth.support.TestServers;
import io.cinema.auth.support.ThrowawayRedis;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** PostgreSQL (behind a proxy the test cuts) and Redis (a private server the test stops) go away and come back. */
@QuarkusTest
@TestProfile(OutageTest.Profile.class)
class OutageTest {

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource dataSource;

    static ThrowawayRedis redis;
    static CuttableProxy postgres;

    public static class Profile implements QuarkusTestProfile {
        @Override
        public java.util.List<TestResourceEntry> testResources() {
            return java.util.List.of(new TestResourceEntry(Dependencies.class));
        }
    }

    public static class Dependencies implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            try {
                redis = new ThrowawayRedis();
                redis.start();
                postgres = new CuttableProxy("127.0.0.1", TestServers.postgresPort());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            String db = TestServers.database();
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:" + redis.port(),
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + db,
                    "quarkus.redis.timeout", "1S",
                    "quarkus.datasource.jdbc.acquisition-timeout", "2S");
        }

        @Override
        public void stop() {
            redis.close();
            postgres.close();
        }
    }

    static void awaitStatus(String path, int status) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int last = -1;
        while (System.currentTimeMillis() < deadline) {
            last = given().get(path).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " answered " + last + ", expected " + status);
    }

    @Test
    void redisDownGives503AndReadinessDownThenHealsWithoutARestart() throws Exception {
        TestUser u = signup();
        redis.stop();
        try {
            Response r = bearer(u.accessToken()).get("/api/v1/account");
            assertEquals(503, r.statusCode(), r.asString());
            r.then().contentType("application/problem+json").body("code", equalTo("SERVICE_UNAVAILABLE"));
            assertTrue(r.header("Retry-After") != null);
            login(u.username(), PASSWORD).then().statusCode(503).body("code", equalTo("SERVICE_UNAVAILABLE"));
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            redis.start();
        }
        awaitStatus("/q/health/ready", 200);
        // Redis came back empty: caches refill from PostgreSQL, the user is still logged in
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void aRevokedSessionStaysRevokedWhenRedisLosesItsData() throws Exception {
        TestUser u = signup();
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        redis.stop();
        redis.start();
        awaitStatus("/q/health/ready", 200);
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void postgresDownGives503AndReadinessDownThenHealsWithoutARestart() throws Exception {
        TestUser u = signup();
        postgres.cut();
        try {
            Response r = json().body(Map.of("username", io.cinema.auth.support.Api.uniqueName("pgdown"), "email",
                    io.cinema.auth.support.Api.uniqueName("pgdown") + "@example.com", "password", PASSWORD))
                    .post("/api/v1/auth/signup");
            assertEquals(503, r.statusCode(), r.asString());
            r.then().contentType("application/problem+json").body("code", equalTo("SERVICE_UNAVAILABLE"));
            login(u.username(), PASSWORD).then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(503);
            given().get("/q/health/live").then().statusCode(200);
        } finally {
            postgres.restore();
        }
        awaitStatus("/q/health/ready", 200);
        long deadline = System.currentTimeMillis() + 30_000;
        int status = 0;
        while (System.currentTimeMillis() < deadline && status != 200) {
            status = login(u.username(), PASSWORD).statusCode();
            Thread.sleep(200);
        }
        assertEquals(200, status, "login works again after PostgreSQL came back");
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
    }

    @Test
    void redisDownMakesThePermissionCheckAndForwardAuthentication503NeverAPass() throws Exception {
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/authz/forward").then().statusCode(200);
        redis.stop();
        try {
            Response check = bearer(u.accessToken()).get("/api/v1/authz/check?role=user");
            assertEquals(503, check.statusCode(), check.asString());
            check.then().contentType("application/problem+json").body("code", equalTo("SERVICE_UNAVAILABLE"));
            Response forward = bearer(u.accessToken()).get("/api/v1/authz/forward?role=user");
            assertEquals(503, forward.statusCode(), forward.asString());
            forward.then().header("X-Auth-Error", equalTo("SERVICE_UNAVAILABLE")).header("X-Auth-User-Id",
                    org.hamcrest.Matchers.nullValue());
        } finally {
            redis.start();
        }
        awaitStatus("/q/health/ready", 200);
        bearer(u.accessToken()).get("/api/v1/authz/forward?role=user").then().statusCode(200);
    }

    @Test
    void aRedisThatHoldsItsAnswersMakesThePermissionCheck503AtTheRedisDeadlineNeverAPassOrAHang() throws Exception {
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200);
        // connected and silent: every reader waits until the pause ends, 4 s here against a 1 s quarkus.redis.timeout
        redis.command("CLIENT", "PAUSE", "4000");
        long started = System.nanoTime();
        Response check = bearer(u.accessToken()).get("/api/v1/authz/check?role=user");
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, check.statusCode(), check.asString());
        check.then().contentType("application/problem+json").body("code", equalTo("SERVICE_UNAVAILABLE"));
        assertTrue(tookMs < 3_500, "answered after " + tookMs + " ms, not at the 1 s deadline");
        Response forward = bearer(u.accessToken()).get("/api/v1/authz/forward?role=user");
        assertEquals(503, forward.statusCode(), forward.asString());
        Thread.sleep(4_000);
        awaitStatus("/q/health/ready", 200);
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200)
                .body("allowed", equalTo(true));
    }

    @Test
    void redisRefusingWritesMakesTvCodeLookupsAndApprovals503NeverUncounted() throws Exception {
        TestUser u = signup();
        // warm the caches, so the bearer check itself reads Redis and only the counting must write
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
        redis.command("CONFIG", "SET", "maxmemory", "1");
        try {
            Response lookup = bearer(u.accessToken()).queryParam("user_code", "BCDF-GHJK").get("/api/v1/device");
            assertEquals(503, lookup.statusCode(), lookup.asString());
            lookup.then().contentType("application/problem+json").body("code", equalTo("SERVICE_UNAVAILABLE"));
            Response approve = bearer(u.accessToken()).body(Map.of("user_code", "BCDF-GHJK"))
                    .post("/api/v1/device/approve");
            assertEquals(503, approve.statusCode(), approve.asString());
        } finally {
            redis.command("CONFIG", "SET", "maxmemory", "0");
        }
        bearer(u.accessToken()).queryParam("user_code", "BCDF-GHJK").get("/api/v1/device").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void thePermissionCheckForwardAuthenticationAndTheAccountAnswerFromRedisWhilePostgresIsDown() throws Exception {
        // entries written within the clock skew after an earlier test's Redis outage are not believed (CacheTrust):
        // those written from then on are
        Thread.sleep(io.cinema.auth.token.CacheTrust.CLOCK_SKEW.toMillis() + 200);
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200)
                .body("allowed", equalTo(true));
        postgres.cut();
        try {
            bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200)
                    .body("allowed", equalTo(true));
            bearer(u.accessToken()).get("/api/v1/authz/forward?role=user").then().statusCode(200)
                    .header("X-Auth-User-Id", equalTo(u.id()));
            // the account's own read is served from the state the bearer check read: no PostgreSQL
            bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200)
                    .body("id", equalTo(u.id())).body("username", equalTo(u.username()))
                    .body("email", equalTo(u.email())).body("roles", org.hamcrest.Matchers
                            .hasItem("user")).body("created_at", org.hamcrest.Matchers.notNullValue());
        } finally {
            postgres.restore();
        }
        awaitStatus("/q/health/ready", 200);
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && signupStatus() != 201) {
            Thread.sleep(200); // the pool drops the connections the cut broke as it meets them
        }
    }

    private static int signupStatus() {
        String name = io.cinema.auth.support.Api.uniqueName("pgback");
        return json().body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup").statusCode();
    }

    /**
     * A PostgreSQL that answers but only reads (the hot standby a fail-over left the service on, or a primary set
     * read-only for maintenance) refuses every write with SQLSTATE 25006: those answer 503 like a lost PostgreSQL, while
     * what needs no write still answers, and all heals once it writes again.
     */
    @Test
    void aPostgresThatOnlyReadsMakesWrites503NeverA500AndHealsWhenItWritesAgain() throws Exception {
        TestUser u = signup();
        readOnly(true);
        try {
            Response login = login(u.username(), PASSWORD);
            assertEquals(503, login.statusCode(), login.asString());
            login.then().contentType("application/problem+json").body("code", equalTo("SERVICE_UNAVAILABLE"))
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue());
            assertEquals(503, signupStatus());
            bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200)
                    .body("allowed", equalTo(true));
        } finally {
            readOnly(false);
        }
        login(u.username(), PASSWORD).then().statusCode(200);
        assertEquals(201, signupStatus());
    }

    /** Sets the test database read-only (or back) for new sessions, and makes the pool open new ones. */
    private void readOnly(boolean on) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                TestServers.jdbcUrl("postgres"), "postgres", "");
                java.sql.Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + TestServers.database()
                    + (on ? " SET default_transaction_read_only = on" : " RESET default_transaction_read_only"));
        }
        dataSource.flush(io.agroal.api.AgroalDataSource.FlushMode.ALL);
    }
}
