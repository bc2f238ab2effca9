package io.cinema.auth.token;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The per-user API limit (600 a minute) counts the authenticated endpoints, all in one budget, and never logout nor
 * the permission check. The service's clock stands still, so the budget does not refill during the test (the exact
 * count is RateLimitTest's).
 */
@QuarkusTest
class ApiRateLimitTest {

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

    private static String secondSession(TestUser u) {
        return login(u.username(), PASSWORD).then().statusCode(200).extract().path("access_token");
    }

    /** Calls authenticated endpoints until one answers 429 or {@code max} passed; the number that passed. */
    private static int spend(TestUser u, int max) {
        int ok = 0;
        while (ok < max) {
            int status = bearer(u.accessToken()).get(ok % 2 == 0 ? "/api/v1/account" : "/api/v1/account/sessions")
                    .statusCode();
            if (status == 429) {
                break;
            }
            assertEquals(200, status);
            ok++;
        }
        return ok;
    }

    @Test
    void onceTheBudgetIsSpentEveryAuthenticatedEndpointIsLimitedButLogoutAndThePermissionCheckAnswer() {
        TestUser u = signup();
        int ok = spend(u, 700);
        assertTrue(ok < 700, "600 a minute per user, then 429");

        // one budget for every authenticated endpoint, whichever spent it
        bearer(u.accessToken()).get("/api/v1/account/history").then().statusCode(429)
                .body("code", equalTo("RATE_LIMITED"));
        bearer(u.accessToken()).post("/api/v1/auth/logout-others").then().statusCode(429);
        // the permission check has no limit, and logout is never counted
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200)
                .body("allowed", equalTo(true));
        bearer(secondSession(u)).post("/api/v1/auth/logout").then().statusCode(204);
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
    }
}
