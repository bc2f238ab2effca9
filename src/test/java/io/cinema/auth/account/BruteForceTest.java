package io.cinema.auth.account;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The brute-force count: every check of a password or code takes its place in one count per account (its username
 * and its email share it) atomically before it is judged, so parallel attempts cannot outrun it; locks follow the
 * service's clock, so these tests count attempts, never seconds.
 */
@QuarkusTest
class BruteForceTest {

    static final int THRESHOLD = 10;

    @Inject
    TestClock clock;

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    static Response loginFrom(String ip, String login, String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                .body(Map.of("login", login, "password", password)).post("/api/v1/auth/login");
    }

    static List<Integer> atOnce(List<Callable<Response>> calls) throws Exception {
        return BruteForceTestSupport.atOnce(calls);
    }

    static long count(List<Integer> statuses, int status) {
        return statuses.stream().filter(s -> s == status).count();
    }

    @Test
    void fortyParallelWrongPasswordsHaveExactlyTenJudgedAndTheRightPasswordAfterIsLocked() throws Exception {
        TestUser u = signup();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String guess = "wrong guess " + i;
            calls.add(() -> loginFrom(randomIp(), u.username(), guess));
        }
        List<Integer> statuses = atOnce(calls);
        assertEquals(THRESHOLD, count(statuses, 401), statuses.toString());
        assertEquals(40 - THRESHOLD, count(statuses, 429), statuses.toString());
        loginFrom(randomIp(), u.username(), PASSWORD).then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
    }

    @Test
    void fortyParallelAttemptsWithTheRightPasswordAmongThemJudgeAtMostTheThreshold() throws Exception {
        TestUser u = signup();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 39; i++) {
            String guess = "wrong guess " + i;
            calls.add(() -> loginFrom(randomIp(), u.username(), guess));
        }
        calls.add(() -> loginFrom(randomIp(), u.username(), PASSWORD));
        List<Integer> statuses = atOnce(calls);
        int right = statuses.get(39);
        long judged = count(statuses, 401) + count(statuses, 200);
        if (right == 429) {
            assertTrue(judged <= THRESHOLD, statuses.toString());
        } else {
            // the right password was among the first judged and its success reset the count: the rest start again
            assertEquals(200, right, statuses.toString());
            assertTrue(count(statuses, 401) <= 2 * THRESHOLD - 1, statuses.toString());
        }
        assertTrue(count(statuses, 429) >= 40 - 2 * THRESHOLD, statuses.toString());
    }

    @Test
    void theUsernameAndTheEmailShareOneCount() {
        TestUser u = signup();
        for (int i = 0; i < THRESHOLD / 2; i++) {
            login(u.username(), "wrong by name " + i).then().statusCode(401);
            login(u.email().toUpperCase(), "wrong by email " + i).then().statusCode(401);
        }
        login(u.email(), PASSWORD).then().statusCode(429);
        login(u.username(), PASSWORD).then().statusCode(429);
    }

    @Test
    void theLockEndsByTheServicesClockAndTheNextFailureDoublesIt() {
        TestUser u = signup();
        for (int i = 0; i < THRESHOLD; i++) {
            login(u.username(), "wrong " + i).then().statusCode(401);
        }
        Response locked = login(u.username(), PASSWORD);
        locked.then().statusCode(429);
        assertTrue(Long.parseLong(locked.header("Retry-After")) <= 60);
        clock.advance(Duration.ofSeconds(61));
        // one attempt is judged after the lock; a wrong one locks again, for twice as long
        login(u.username(), "wrong again").then().statusCode(401);
        Response again = login(u.username(), PASSWORD);
        again.then().statusCode(429);
        long retry = Long.parseLong(again.header("Retry-After"));
        assertTrue(retry > 60 && retry <= 120, "second lock is about two minutes: " + retry);
        clock.advance(Duration.ofSeconds(121));
        login(u.username(), PASSWORD).then().statusCode(200);
        // the success reset the count
        login(u.username(), "wrong after success").then().statusCode(401);
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void wrongCurrentPasswordsOnTheAccountEndpointsCountTowardTheLoginLock() {
        TestUser u = signup();
        for (int i = 0; i < 4; i++) {
            bearer(u.accessToken()).body(Map.of("email", uniqueName("e") + "@example.com", "current_password",
                    "wrong " + i)).patch("/api/v1/account").then().statusCode(401).body("code",
                            equalTo("INVALID_CREDENTIALS"));
        }
        for (int i = 0; i < 3; i++) {
            bearer(u.accessToken()).body(Map.of("current_password", "wrong " + i, "new_password",
                    "a brand new passphrase " + i)).put("/api/v1/account/password").then().statusCode(401);
        }
        for (int i = 0; i < 3; i++) {
            bearer(u.accessToken()).body(Map.of("password", "wrong " + i)).post("/api/v1/account/reauth").then()
                    .statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        }
        login(u.username(), PASSWORD).then().statusCode(429);
        bearer(u.accessToken()).body(Map.of("password", PASSWORD)).post("/api/v1/account/reauth").then()
                .statusCode(429);
        bearer(u.accessToken()).body(Map.of("current_password", PASSWORD, "new_password", "a brand new passphrase"))
                .put("/api/v1/account/password").then().statusCode(429);
    }

    @Test
    void aWeakNewPasswordIsRefusedAloneSoThePasswordChangeIsNoOracle() {
        TestUser u = signup();
        for (String current : List.of(PASSWORD, "a wrong guess")) {
            bearer(u.accessToken()).body(Map.of("current_password", current, "new_password", "password"))
                    .put("/api/v1/account/password").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void parallelWrongCurrentPasswordsOnThePasswordChangeHaveAtMostTheThresholdJudged() throws Exception {
        TestUser u = signup();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String guess = "wrong current " + i;
            calls.add(() -> bearer(u.accessToken()).body(Map.of("current_password", guess, "new_password",
                    "a brand new passphrase")).put("/api/v1/account/password"));
        }
        List<Integer> statuses = atOnce(calls);
        assertEquals(THRESHOLD, count(statuses, 401), statuses.toString());
        assertEquals(30 - THRESHOLD, count(statuses, 429), statuses.toString());
    }

    @Test
    void unknownLoginNamesCountByTheirNormalisedName() {
        String ghost = uniqueName("ghost");
        for (int i = 0; i < THRESHOLD; i++) {
            login(i % 2 == 0 ? ghost : ghost.toUpperCase(), "wrong " + i).then().statusCode(401);
        }
        login(ghost, "wrong").then().statusCode(429);
    }

    @Test
    void perIpLimitsCountAnIpv6ClientByItsSlash64() {
        String prefix = "2001:db8:" + Integer.toHexString(1 + (int) (Math.random() * 0xfff0)) + ":7:";
        clock.freeze(clock.instant());
        int ok = 0;
        for (int i = 0; i < 25; i++) {
            // every request from another address of the same /64
            Response r = json().header("X-Forwarded-For", prefix + Integer.toHexString(i + 1))
                    .body(Map.of("username", uniqueName("v6"), "email", uniqueName("v6") + "@example.com",
                            "password", "x"))
                    .post("/api/v1/auth/signup");
            if (r.statusCode() == 429) {
                break;
            }
            ok++;
        }
        assertEquals(20, ok, "signups per /64 are limited to 20 a minute");
    }
}
