package io.cinema.auth.token;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.role.Role;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Api;
import io.cinema.auth.support.RedisKeys;
import io.cinema.auth.support.TestClock;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Cached session and user state in Redis carries a MAC over key, value and expiry: whatever else sits under a cache
 * key (written by hand, copied from another key, or an old genuine entry written back) is a miss that reads
 * PostgreSQL, never a grant. The test writes to the test's own Redis database through the service's data source.
 */
@QuarkusTest
class CachedStateMacTest {

    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;
    @Inject
    TokenConfig config;
    @Inject
    Admins admins;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    static Response check(String accessToken, String role) {
        return bearer(accessToken).get("/api/v1/authz/check?role=" + role);
    }

    /** The {@code sid} claim of an access token (read without verifying: the service verifies it). */
    static String sid(String accessToken) {
        String payload = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(payload).getString("sid");
    }

    String get(String key) {
        var r = redis.execute("GET", key);
        return r == null ? null : r.toString();
    }

    static String userKey(String userId) {
        return RedisKeys.user(UUID.fromString(userId));
    }

    static String sessionKey(String userId, String sid) {
        return RedisKeys.session(UUID.fromString(userId), UUID.fromString(sid));
    }

    void put(String key, String value) {
        redis.execute("SET", key, value, "PX", "600000");
    }

    @Test
    void aUserEntryWrittenByHandGrantsNothing() {
        TestUser u = signup();
        check(u.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(false));
        String key = userKey(u.id());

        String forged = "999999|1|" + u.username() + "|superuser,user";
        put(key, forged);
        check(u.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(false))
                .body("roles", not(hasItem("superuser")));
        assertNotEquals(forged, get(key), "the refill replaced the forged entry, its huge version notwithstanding");

        put(key, "999999|1|" + u.username() + "|superuser,user|" + (System.currentTimeMillis() + 600_000)
                + "|AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        check(u.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(false));
    }

    @Test
    void aSuperusersGenuineEntryCopiedUnderAnotherUsersKeyGrantsNothing() {
        TestUser root = admins.superuser();
        check(root.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(true));
        String rootsEntry = get(userKey(root.id()));
        assertNotNull(rootsEntry);

        TestUser u = signup();
        put(userKey(u.id()), rootsEntry);
        check(u.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(false))
                .body("user_id", equalTo(u.id()));
    }

    @Test
    void aLiveMarkerWrittenByHandForARevokedSessionIsRefused() {
        TestUser u = signup();
        String key = sessionKey(u.id(), sid(u.accessToken()));
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);

        put(key, "L" + u.id());
        check(u.accessToken(), "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));

        // a genuine live entry of the user's other session, moved under the revoked session's key
        String other = login(u.username(), Api.PASSWORD).then().statusCode(200).extract().path("access_token");
        check(other, "user").then().statusCode(200).body("allowed", equalTo(true));
        put(key, get(sessionKey(u.id(), sid(other))));
        check(u.accessToken(), "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));

        // no entry at all is a miss too: PostgreSQL says revoked
        redis.execute("DEL", key);
        check(u.accessToken(), "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void anOldLiveEntryWrittenBackAfterItsExpiryIsAMiss() {
        TestUser u = signup();
        String key = sessionKey(u.id(), sid(u.accessToken()));
        check(u.accessToken(), "user").then().statusCode(200).body("allowed", equalTo(true));
        String old = get(key);
        assertNotNull(old);
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);

        clock.advance(config.stateCacheTtl().plus(Duration.ofSeconds(1)));
        put(key, old);
        check(u.accessToken(), "user").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void anOldUserEntryWithATakenRoleWrittenBackAfterItsExpiryIsAMiss() {
        TestUser admin = admins.superuser();
        TestUser former = admins.superuser();
        String key = userKey(former.id());
        check(former.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(true));
        String old = get(key);
        assertNotNull(old);
        bearer(admin.accessToken()).delete("/api/v1/users/" + former.id() + "/roles/" + Role.SUPERUSER_ID)
                .then().statusCode(204);
        check(former.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(false));

        clock.advance(config.stateCacheTtl().plus(Duration.ofSeconds(1)));
        put(key, old);
        check(former.accessToken(), "superuser").then().statusCode(200).body("allowed", equalTo(false))
                .body("roles", not(hasItem("superuser")));
    }
}
