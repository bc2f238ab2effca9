package io.cinema.auth.page;

import static io.cinema.auth.support.Api.bearer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cinema.auth.support.Api;
import io.cinema.auth.support.TestClock;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * A TV in the tests, through the HTTP contract only: a public device client asks for a code (RFC 8628 §3.1) and
 * polls the token endpoint (§3.4), waiting its interval between polls and 5 s more after each slow_down (§3.5). The
 * waiting is done on the service's test clock, so a test does not sleep through it.
 */
final class TvPlayer {

    static final String USER_AGENT = "CinemaTV/3.0 (SmartTV; Linux; webOS 6) AppleWebKit/537.36";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    final String clientId;
    final String clientName;
    final String ip = Api.randomIp();
    String deviceCode;
    String userCode;
    String verificationUriComplete;
    long interval;

    private TvPlayer(String clientId, String clientName) {
        this.clientId = clientId;
        this.clientName = clientName;
    }

    /** A new public TV client (grant device_code), made by a superuser through /api/v1/clients. */
    static TvPlayer registered(String superuserToken) {
        String name = Api.uniqueName("Living room TV");
        Response r = bearer(superuserToken).body(Map.of("name", name, "scopes", List.of("catalog:watch"), "roles",
                List.of(), "grant_types", List.of("device_code"))).post("/api/v1/clients");
        r.then().statusCode(201);
        return new TvPlayer(r.path("client_id"), name);
    }

    /** Asks for a user code to show. */
    TvPlayer start() {
        Response r = form().formParam("client_id", clientId).post("/oauth2/device_authorization");
        r.then().statusCode(200);
        deviceCode = r.path("device_code");
        userCode = r.path("user_code");
        verificationUriComplete = r.path("verification_uri_complete");
        interval = ((Number) r.path("interval")).longValue();
        return this;
    }

    /**
     * Waits its interval, then polls until the answer is no longer authorization_pending or slow_down (at most
     * {@code polls} times); the last answer.
     */
    Response pollUntilDecided(TestClock clock, int polls) {
        Response r = null;
        for (int i = 0; i < polls; i++) {
            clock.advance(Duration.ofSeconds(interval));
            r = poll();
            String error = r.statusCode() == 200 ? null : r.path("error");
            if ("slow_down".equals(error)) {
                interval += 5;
            } else if (!"authorization_pending".equals(error)) {
                return r;
            }
        }
        return r;
    }

    /** One poll; the caller waits first. */
    Response poll() {
        return form().formParam("grant_type", DEVICE_GRANT).formParam("device_code", deviceCode)
                .formParam("client_id", clientId).post("/oauth2/token");
    }

    void assertPending(TestClock clock) {
        clock.advance(Duration.ofSeconds(interval));
        Response r = poll();
        assertEquals(400, r.statusCode(), r.asString());
        assertEquals("authorization_pending", r.path("error"));
    }

    private io.restassured.specification.RequestSpecification form() {
        return RestAssured.given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Forwarded-For", ip).header("User-Agent", USER_AGENT);
    }
}
