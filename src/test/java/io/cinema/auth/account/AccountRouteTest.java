package io.cinema.auth.account;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RateLimits;
import io.cinema.auth.support.RedisKeys;
import io.cinema.auth.support.TestClock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * GET /api/v1/account answered by the router ({@code AccountRoute}) is the answer Quarkus REST's resource gives: the
 * same request, once in the form the route takes and once with a weighted {@code Accept} it leaves to the resource,
 * gets the same status, body and headers, for the account itself, every refusal of the bearer check and the rate
 * limit. The route's answer counter proves which of the two answered.
 */
@QuarkusTest
class AccountRouteTest {

    private static final String ACCOUNT = "/api/v1/account";
    /** Weighted: the route does not take it, so Quarkus REST answers. */
    private static final String NEGOTIATED = "application/json;q=0.9";
    /** Headers that differ between any two answers. */
    private static final Set<String> PER_ANSWER = Set.of("x-request-id", "date");

    @Inject
    MeterRegistry registry;
    @Inject
    Admins admins;
    @Inject
    RedisDataSource redis;
    @Inject
    TestClock clock;
    @Inject
    RateLimiter rateLimiter;

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    private double routeAnswers() {
        return registry.find("auth.route.answers").tag("endpoint", "account").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static Map<String, List<String>> headers(Response r) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Header h : r.headers()) {
            String name = h.getName().toLowerCase();
            if (!PER_ANSWER.contains(name)) {
                out.computeIfAbsent(name, k -> new ArrayList<>()).add(h.getValue());
            }
        }
        return out;
    }

    /** The answer of the route, then of the resource, to the same request; both must be the same. */
    private Response sameAnswer(Supplier<RequestSpecification> spec) {
        double before = routeAnswers();
        Response fast = spec.get().get(ACCOUNT);
        assertEquals(before + 1, routeAnswers(), "the route answered");
        Response resource = spec.get().header("Accept", NEGOTIATED).get(ACCOUNT);
        assertEquals(before + 1, routeAnswers(), "the resource answered");
        assertEquals(resource.statusCode(), fast.statusCode(), fast.asString());
        assertEquals(resource.asString(), fast.asString());
        assertEquals(headers(resource), headers(fast));
        assertFalse(fast.header("X-Request-Id").isEmpty());
        return fast;
    }

    @Test
    void theAccountIsTheResourcesAnswerFromTheCacheAndAfterACacheMiss() {
        TestUser u = signup();
        sameAnswer(() -> bearer(u.accessToken())).then().statusCode(200).body("id", equalTo(u.id()))
                .body("username", equalTo(u.username())).body("email", equalTo(u.email()));
        // without the user's entry the bearer check reads PostgreSQL on a worker and the account comes from there
        redis.key().del(RedisKeys.user(UUID.fromString(u.id())));
        double before = routeAnswers();
        Response missed = bearer(u.accessToken()).get(ACCOUNT);
        assertEquals(before + 1, routeAnswers());
        missed.then().statusCode(200).body("id", equalTo(u.id())).body("roles", org.hamcrest.Matchers.hasItem("user"));
        sameAnswer(() -> bearer(u.accessToken()));
    }

    @Test
    void everyRefusalOfTheBearerCheckIsTheResourcesRefusal() {
        sameAnswer(() -> json()).then().statusCode(401).body("code", equalTo("TOKEN_MISSING"))
                .header("WWW-Authenticate", equalTo("Bearer"));
        sameAnswer(() -> json().header("Authorization", "Bearer garbage")).then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
        sameAnswer(() -> json().header("Authorization", "Basic dXNlcjpwYXNz")).then().statusCode(401);
        TestUser u = signup();
        // two Authorization headers are one invalid token, never a choice between them
        sameAnswer(() -> bearer(u.accessToken()).header("Authorization", "Bearer " + u.accessToken()))
                .then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        TestUser gone = signup();
        bearer(gone.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        sameAnswer(() -> bearer(gone.accessToken())).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        TestUser disabled = signup();
        bearer(admins.superuser().accessToken()).body(Map.of("active", false))
                .patch("/api/v1/users/" + disabled.id()).then().statusCode(200);
        sameAnswer(() -> bearer(disabled.accessToken())).then().statusCode(401);
    }

    @Test
    void theRouteCountsInThePerUserRateLimitAndRefusesAsTheResourceOnceItIsSpent() {
        clock.freeze(java.time.Instant.now());
        TestUser u = signup();
        // 600 a minute is one call per 100 ms: 59 s of the minute spent leaves exactly 10 calls
        RateLimits.spend(redis, rateLimiter, clock, "api-user", u.id(), java.time.Duration.ofSeconds(59));
        int ok = 0;
        while (ok < 700 && bearer(u.accessToken()).get(ACCOUNT).statusCode() == 200) {
            ok++;
        }
        assertEquals(10, ok, "what is left of 600 a minute, each call counted by the route");
        sameAnswer(() -> bearer(u.accessToken())).then().statusCode(429).body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void headOtherMethodsAndOtherPathsAreLeftAsTheResourceAnswersThem() {
        TestUser u = signup();
        double before = routeAnswers();
        Response head = bearer(u.accessToken()).head(ACCOUNT);
        assertEquals(before + 1, routeAnswers());
        assertEquals(200, head.statusCode());
        assertEquals("", head.asString());
        assertEquals(200, bearer(u.accessToken()).get(ACCOUNT + "/sessions").statusCode());
        assertEquals(405, bearer(u.accessToken()).post(ACCOUNT).statusCode());
        Response html = bearer(u.accessToken()).header("Accept", "text/html").get(ACCOUNT);
        assertEquals(406, html.statusCode(), html.asString());
        assertEquals(before + 1, routeAnswers(), "only the HEAD went by the route");
    }
}
