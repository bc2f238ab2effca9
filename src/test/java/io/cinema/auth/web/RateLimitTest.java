package io.cinema.auth.web;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Limits count attempts, never seconds: the service's clock stands still in these tests, so no token comes back. */
@QuarkusTest
class RateLimitTest {

    @Inject
    TestClock clock;

    @BeforeEach
    void stopTheClock() {
        clock.freeze(java.time.Instant.now());
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    static Response loginFrom(String ip, String login, String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                .body(Map.of("login", login, "password", password)).post("/api/v1/auth/login");
    }

    @Test
    void tenWrongPasswordsLockTheAccountEvenForTheRightPassword() {
        TestUser u = signup();
        for (int i = 0; i < 10; i++) {
            login(u.username(), "wrong password " + i).then().statusCode(401);
        }
        Response locked = login(u.username(), PASSWORD);
        locked.then().statusCode(429).contentType("application/problem+json").body("code", equalTo("RATE_LIMITED"));
        long retry = Long.parseLong(locked.header("Retry-After"));
        assertTrue(retry > 0 && retry <= 60, "first lock is about a minute: " + retry);
        // the lock is per login name, whatever the letter case or the address the attempt comes from
        login(u.username().toUpperCase(), PASSWORD).then().statusCode(429);
    }

    @Test
    void aThousandWrongPasswordsFromRotatingIpsAreThrottledAndNeverGetIn() {
        TestUser u = signup();
        int throttled = 0;
        for (int i = 0; i < 1000; i++) {
            Response r = loginFrom(randomIp(), u.username(), i == 500 ? PASSWORD : "guess " + i);
            assertTrue(r.statusCode() == 401 || r.statusCode() == 429, "status " + r.statusCode());
            assertTrue(r.path("access_token") == null);
            if (r.statusCode() == 429) {
                throttled++;
            }
        }
        assertEquals(990, throttled);
    }

    @Test
    void unknownLoginsAreLockedAlikeSoTheLockRevealsNothing() {
        String nobody = uniqueName("ghost");
        for (int i = 0; i < 10; i++) {
            login(nobody, "wrong password " + i).then().statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        }
        login(nobody, "wrong password x").then().statusCode(429).body("code", equalTo("RATE_LIMITED"));
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        TestUser u = signup();
        for (int i = 0; i < 9; i++) {
            login(u.username(), "wrong password " + i).then().statusCode(401);
        }
        login(u.username(), PASSWORD).then().statusCode(200);
        for (int i = 0; i < 9; i++) {
            login(u.username(), "wrong password " + i).then().statusCode(401);
        }
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void loginsPerClientIpAreLimited() {
        String ip = randomIp();
        int limited = 0;
        for (int i = 0; i < 65; i++) {
            Response r = loginFrom(ip, uniqueName("spray"), "wrong password");
            if (r.statusCode() == 429) {
                assertTrue(i >= 60, "the first 60 logins of a minute pass; #" + i + " was limited");
                limited++;
                assertNotNull(r.header("Retry-After"));
            }
        }
        assertEquals(5, limited, "60 a minute per IP, then 429");
    }

    @Test
    void signupsPerClientIpAreLimited() {
        String ip = randomIp();
        int created = 0;
        int limited = 0;
        for (int i = 0; i < 22; i++) {
            String name = uniqueName("burst");
            Response r = given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                    .body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD))
                    .post("/api/v1/auth/signup");
            if (r.statusCode() == 201) {
                created++;
            } else if (r.statusCode() == 429) {
                limited++;
            }
        }
        assertEquals(20, created);
        assertEquals(2, limited);
    }

    @Test
    void refreshesPerSessionAreLimited() {
        TestUser u = signup();
        String token = u.refreshToken();
        int ok = 0;
        int limited = 0;
        for (int i = 0; i < 70 && limited == 0; i++) {
            Response r = given().contentType(ContentType.JSON).header("X-Forwarded-For", randomIp())
                    .body(Map.of("refresh_token", token)).post("/api/v1/auth/refresh");
            if (r.statusCode() == 429) {
                limited++;
                r.then().body("code", equalTo("RATE_LIMITED"));
            } else {
                assertEquals(200, r.statusCode(), r.asString());
                token = r.path("refresh_token");
                ok++;
            }
        }
        assertEquals(1, limited, "refreshes beyond 60 a minute are refused");
        assertEquals(60, ok, "the first 60 pass");
    }

    @Test
    void authenticatedCallsPerUserAreLimited() {
        TestUser u = signup();
        int ok = 0;
        boolean limited = false;
        for (int i = 0; i < 1200 && !limited; i++) {
            int status = bearer(u.accessToken()).get("/api/v1/account").statusCode();
            if (status == 429) {
                limited = true;
            } else {
                ok++;
            }
        }
        assertTrue(limited, "600 a minute per user, then 429");
        assertEquals(599, ok, "600 a minute, one spent by the signup helper's GET /account");
    }
}
