package io.cinema.auth.device;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.device.service.DeviceCodeCleanup;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.TestClock;
import io.cinema.auth.support.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/**
 * The TV's side of RFC 8628: POST /oauth2/device_authorization and the device grant at POST /oauth2/token, every
 * answer in OAuth's own JSON, polling on the service's clock.
 */
@QuarkusTest
class DeviceGrantTest {

    @Inject
    Admins admins;
    @Inject
    TestClock clock;
    @Inject
    DeviceCodes codes;
    @Inject
    DeviceCodeCleanup cleanup;

    TestUser root;
    Tv.Client tv;

    @BeforeEach
    void setUp() {
        clock.freeze(Instant.now());
        root = admins.superuser();
        tv = Tv.client(root.accessToken(), List.of(), List.of("catalog:watch", "profile:read"));
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    static void assertOAuthError(Response r, int status, String error) {
        r.then().statusCode(status).contentType("application/json").body("error", equalTo(error))
                .body("error_description", notNullValue()).body("code", nullValue())
                .header("Cache-Control", containsString("no-store"));
    }

    DeviceCode row(String deviceCode) {
        byte[] hash = codes.hash(deviceCode);
        return QuarkusTransaction.requiringNew().call(() -> DeviceCode.<DeviceCode>find("deviceCodeHash", hash)
                .firstResult());
    }

    @Test
    void deviceAuthorizationAnswersBothCodesTheVerificationUrisAndTheInterval() {
        Response r = Tv.authorize(randomIp(), tv.clientId());
        r.then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .body("user_code", matchesPattern("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"))
                .body("device_code", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("verification_uri", equalTo(Tokens.ISSUER + "/device"))
                .body("expires_in", equalTo(600)).body("interval", equalTo(5));
        String userCode = r.path("user_code");
        assertEquals(Tokens.ISSUER + "/device?user_code=" + userCode, r.path("verification_uri_complete"));

        // only the keyed hash is stored, with the normalised user code and every scope of the client (none asked)
        String deviceCode = r.path("device_code");
        DeviceCode row = row(deviceCode);
        assertTrue(Arrays.equals(codes.hash(deviceCode), row.deviceCodeHash));
        assertFalse(Arrays.equals(Crypto.sha256(deviceCode), row.deviceCodeHash), "a keyed hash, not a bare one");
        assertEquals(userCode.replace("-", ""), row.userCode);
        assertEquals(List.of("catalog:watch", "profile:read"), row.scopes);
        assertEquals("pending", row.status);
        assertEquals(Tv.USER_AGENT, row.deviceUserAgent);
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)), row.expiresAt);

        Response other = Tv.authorize(randomIp(), tv.clientId());
        assertNotEquals(deviceCode, other.path("device_code"));
        assertNotEquals(userCode, other.path("user_code"));
    }

    @Test
    void aScopeNarrowsTheRequestAndOneOutsideTheClientsIsInvalidScope() {
        String deviceCode = Tv.form(randomIp()).formParam("client_id", tv.clientId())
                .formParam("scope", "profile:read").post("/oauth2/device_authorization").then().statusCode(200)
                .extract().path("device_code");
        assertEquals(List.of("profile:read"), row(deviceCode).scopes);
        assertOAuthError(Tv.form(randomIp()).formParam("client_id", tv.clientId())
                .formParam("scope", "profile:read admin:all").post("/oauth2/device_authorization"), 400,
                "invalid_scope");
    }

    @Test
    void deviceAuthorizationServesOnlyLivePublicDeviceClients() {
        // no client at all, an unknown one: invalid_client with the Basic challenge
        Response none = Tv.form(randomIp()).post("/oauth2/device_authorization");
        assertOAuthError(none, 401, "invalid_client");
        none.then().header("WWW-Authenticate", containsString("Basic"));
        assertOAuthError(Tv.authorize(randomIp(), "no-such-client"), 401, "invalid_client");

        // a confidential client: without its secret it is not identified, with it it lacks the grant
        Response made = bearer(root.accessToken()).body(Map.of("name", "svc", "scopes", List.of()))
                .post("/api/v1/clients");
        made.then().statusCode(201);
        String svcId = made.path("client_id");
        String svcSecret = made.path("client_secret");
        assertOAuthError(Tv.authorize(randomIp(), svcId), 401, "invalid_client");
        assertOAuthError(Tv.form(randomIp()).formParam("client_id", svcId).formParam("client_secret", svcSecret)
                .post("/oauth2/device_authorization"), 400, "unauthorized_client");

        // a disabled device client
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + tv.id()).then()
                .statusCode(200);
        assertOAuthError(Tv.authorize(randomIp(), tv.clientId()), 401, "invalid_client");
    }

    @Test
    void malformedDeviceAuthorizationRequestsAreInvalidRequest() {
        assertOAuthError(Tv.form(randomIp()).formParam("client_id", tv.clientId())
                .formParam("client_id", tv.clientId()).post("/oauth2/device_authorization"), 400, "invalid_request");
        Response json = RestAssured.given().contentType("application/json").header("X-Forwarded-For", randomIp())
                .body("{\"client_id\":\"" + tv.clientId() + "\"}").post("/oauth2/device_authorization");
        json.then().contentType("application/json").body("error", equalTo("invalid_request"));
        assertTrue(json.statusCode() == 400 || json.statusCode() == 415, json.asString());
    }

    @Test
    void deviceAuthorizationsAreLimitedPerClientAddress() {
        String ip = randomIp();
        for (int i = 0; i < 20; i++) {
            Tv.authorize(ip, tv.clientId()).then().statusCode(200);
        }
        Response limited = Tv.authorize(ip, tv.clientId());
        assertOAuthError(limited, 429, "temporarily_unavailable");
        limited.then().header("Retry-After", notNullValue());
        Tv.authorize(randomIp(), tv.clientId()).then().statusCode(200);
    }

    @Test
    void pollingBeforeTheApprovalIsPendingAndTooFastIsSlowDownWithAGrowingInterval() {
        Tv.Request req = Tv.start(tv);
        assertOAuthError(Tv.poll(tv, req), 400, "authorization_pending");
        // again at once: too fast, and the interval grows by 5 s for this and every later poll
        assertOAuthError(Tv.poll(tv, req), 400, "slow_down");
        assertEquals(10, row(req.deviceCode()).intervalSeconds);
        clock.advance(Duration.ofSeconds(9));
        assertOAuthError(Tv.poll(tv, req), 400, "slow_down");
        assertEquals(15, row(req.deviceCode()).intervalSeconds);
        // keeping the grown interval is answered as pending again
        clock.advance(Duration.ofSeconds(15));
        assertOAuthError(Tv.poll(tv, req), 400, "authorization_pending");
        clock.advance(Duration.ofSeconds(15));
        assertOAuthError(Tv.poll(tv, req), 400, "authorization_pending");
        assertEquals(15, row(req.deviceCode()).intervalSeconds);
    }

    @Test
    void anExpiredRequestIsExpiredTokenAndItsUserCodeIsGone() {
        Tv.Request req = Tv.start(tv);
        TestUser viewer = signup();
        clock.advance(Duration.ofMinutes(10));
        assertOAuthError(Tv.poll(tv, req), 400, "expired_token");
        Tv.lookup(viewer.accessToken(), req.userCode()).then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void unknownForeignAndMissingDeviceCodesAreRefused() {
        Tv.Request req = Tv.start(tv);
        assertOAuthError(Tv.poll(tv.clientId(), "A".repeat(43), randomIp()), 400, "invalid_grant");
        assertOAuthError(Tv.poll(tv.clientId(), "not a code at all!", randomIp()), 400, "invalid_grant");
        // another device client presenting this TV's code
        Tv.Client otherTv = Tv.client(root.accessToken(), List.of(), List.of());
        assertOAuthError(Tv.poll(otherTv.clientId(), req.deviceCode(), randomIp()), 400, "invalid_grant");
        // no device_code, no client
        assertOAuthError(Tv.form(randomIp()).formParam("grant_type", Tv.DEVICE_GRANT)
                .formParam("client_id", tv.clientId()).post("/oauth2/token"), 400, "invalid_request");
        assertOAuthError(Tv.form(randomIp()).formParam("grant_type", Tv.DEVICE_GRANT)
                .formParam("device_code", req.deviceCode()).post("/oauth2/token"), 401, "invalid_client");
        // the code still works for its own client
        assertOAuthError(Tv.poll(tv, req), 400, "authorization_pending");
    }

    @Test
    void aConfidentialClientMayNotUseTheDeviceGrant() {
        Response made = bearer(root.accessToken()).body(Map.of("name", "svc", "scopes", List.of()))
                .post("/api/v1/clients");
        String svcId = made.path("client_id");
        String svcSecret = made.path("client_secret");
        assertOAuthError(Tv.form(randomIp()).formParam("grant_type", Tv.DEVICE_GRANT)
                .formParam("device_code", Tv.start(tv).deviceCode()).formParam("client_id", svcId)
                .formParam("client_secret", svcSecret).post("/oauth2/token"), 400, "unauthorized_client");
    }

    @Test
    void theCleanupDeletesRequestsOnlyARetentionAfterTheirExpiry() {
        Tv.Request req = Tv.start(tv);
        clock.advance(Duration.ofMinutes(10).plus(Duration.ofDays(7)).minusSeconds(1));
        cleanup.purge();
        assertOAuthError(Tv.poll(tv, req), 400, "expired_token");
        clock.advance(Duration.ofSeconds(2));
        cleanup.purge(1);
        assertNull(row(req.deviceCode()));
        assertOAuthError(Tv.poll(tv, req), 400, "invalid_grant");
    }
}
