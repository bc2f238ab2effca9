package io.cinema.auth.client;

import static io.cinema.auth.client.TestClients.basic;
import static io.cinema.auth.client.TestClients.clientCredentials;
import static io.cinema.auth.client.TestClients.form;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.client.TestClients.Made;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.TestClock;
import io.cinema.auth.support.Tokens;
import io.cinema.auth.token.AccessTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** POST /oauth2/token: every grant, every client authentication and every error in OAuth's own format. */
@QuarkusTest
class TokenEndpointTest {

    @Inject
    Admins admins;
    @Inject
    TestClock clock;
    @Inject
    AccessTokens accessTokens;

    TestUser root;

    @BeforeEach
    void setUp() {
        clock.freeze(Instant.now());
        root = admins.superuser();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    String role() {
        String name = uniqueName("svcrole");
        bearer(root.accessToken()).body(Map.of("name", name)).post("/api/v1/roles").then().statusCode(201);
        return name;
    }

    static void assertOAuthError(Response r, int status, String error) {
        r.then().statusCode(status).contentType("application/json").body("error", equalTo(error))
                .body("error_description", notNullValue()).body("code", nullValue())
                .header("Cache-Control", containsString("no-store"));
    }

    @Test
    void basicAuthenticationGetsAClientTokenWithAllItsScopesAndRoles() throws Exception {
        String role = role();
        Made c = TestClients.create(root.accessToken(), List.of("catalog:read", "catalog:write"), List.of(role), null);
        Response r = clientCredentials(randomIp(), c);
        r.then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-store").header("Pragma", "no-cache")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900))
                .body("scope", equalTo("catalog:read catalog:write")).body("refresh_token", nullValue());
        String token = r.path("access_token");

        JwtClaims claims = Tokens.unverifiedClaims(token);
        assertEquals(c.clientId(), claims.getSubject());
        assertEquals(c.clientId(), claims.getClaimValue("client_id"));
        assertEquals("catalog:read catalog:write", claims.getClaimValue("scope"));
        assertEquals(List.of(role), claims.getStringListClaimValue("groups"));
        assertEquals(Tokens.ISSUER, claims.getIssuer());
        assertEquals(List.of(Tokens.AUDIENCE), claims.getAudience());
        assertNotNull(claims.getJwtId());
        assertEquals(900, claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue());
        assertFalse(claims.hasClaim("sid"));
        assertFalse(claims.hasClaim("preferred_username"));

        AccessTokens.Claims verified = accessTokens.verifyAny(token);
        assertTrue(verified.isClient());
        assertEquals(c.clientId(), verified.clientId());
        assertEquals(List.of("catalog:read", "catalog:write"), verified.scopes());
        assertEquals(null, verified.sessionId());
        assertEquals(null, verified.userId());
        ApiException refused = assertThrows(ApiException.class, () -> accessTokens.verify(token));
        assertEquals(ErrorCode.FORBIDDEN, refused.code());
        // a user's token verifies as before, and is no client's
        AccessTokens.Claims user = accessTokens.verify(root.accessToken());
        assertFalse(user.isClient());
        assertNotNull(user.sessionId());
    }

    @Test
    void postAuthenticationWorksAndAScopeNarrowsTheToken() {
        Made c = TestClients.create(root.accessToken(), List.of("a", "b", "c"));
        form(randomIp()).formParam("grant_type", "client_credentials").formParam("client_id", c.clientId())
                .formParam("client_secret", c.secret()).formParam("scope", "c a").post("/oauth2/token").then()
                .statusCode(200).body("scope", equalTo("c a"));
        // the Basic form-urlencodes id and secret (RFC 6749 §2.3.1): a '+' in the pair is a space, %2B a '+'
        form(randomIp()).header("Authorization", basic(c.clientId(), c.secret()))
                .formParam("grant_type", "client_credentials").formParam("scope", "b").post("/oauth2/token").then()
                .statusCode(200).body("scope", equalTo("b"));
    }

    @Test
    void aScopeOutsideTheClientsIsInvalidScope() {
        Made c = TestClients.create(root.accessToken(), List.of("a"));
        assertOAuthError(form(randomIp()).header("Authorization", basic(c.clientId(), c.secret()))
                .formParam("grant_type", "client_credentials").formParam("scope", "a other").post("/oauth2/token"),
                400, "invalid_scope");
    }

    @Test
    void bothAuthenticationMethodsAtOnceAreInvalidRequest() {
        Made c = TestClients.create(root.accessToken(), List.of());
        assertOAuthError(form(randomIp()).header("Authorization", basic(c.clientId(), c.secret()))
                .formParam("grant_type", "client_credentials").formParam("client_id", c.clientId())
                .formParam("client_secret", c.secret()).post("/oauth2/token"), 400, "invalid_request");
    }

    @Test
    void aWrongClientIdAndAWrongSecretGetTheSameAnswer() {
        Made c = TestClients.create(root.accessToken(), List.of());
        Response wrongSecret = form(randomIp()).header("Authorization", basic(c.clientId(), c.secret() + "x"))
                .formParam("grant_type", "client_credentials").post("/oauth2/token");
        Response wrongId = form(randomIp()).header("Authorization", basic("nobody" + c.clientId(), c.secret()))
                .formParam("grant_type", "client_credentials").post("/oauth2/token");
        Response wrongPost = form(randomIp()).formParam("grant_type", "client_credentials")
                .formParam("client_id", "nobody").formParam("client_secret", "x").post("/oauth2/token");
        Response none = form(randomIp()).formParam("grant_type", "client_credentials").post("/oauth2/token");
        for (Response r : List.of(wrongSecret, wrongId, wrongPost, none)) {
            assertOAuthError(r, 401, "invalid_client");
            r.then().header("WWW-Authenticate", startsWith("Basic realm="));
        }
        assertEquals(wrongSecret.asString(), wrongId.asString());
        assertEquals(wrongSecret.header("WWW-Authenticate"), wrongId.header("WWW-Authenticate"));
    }

    @Test
    void aDisabledOrDeletedClientGetsNoToken() {
        Made c = TestClients.create(root.accessToken(), List.of());
        clientCredentials(randomIp(), c).then().statusCode(200);
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + c.id()).then()
                .statusCode(200);
        assertOAuthError(clientCredentials(randomIp(), c), 401, "invalid_client");
        bearer(root.accessToken()).body(Map.of("active", true)).patch("/api/v1/clients/" + c.id()).then()
                .statusCode(200);
        clientCredentials(randomIp(), c).then().statusCode(200);
        bearer(root.accessToken()).delete("/api/v1/clients/" + c.id()).then().statusCode(204);
        assertOAuthError(clientCredentials(randomIp(), c), 401, "invalid_client");
    }

    @Test
    void unsupportedGrantTypes() {
        Made c = TestClients.create(root.accessToken(), List.of());
        // (the device grant is served: device/DeviceGrantTest)
        for (String grant : List.of("password", "authorization_code", "urn:ietf:params:oauth:grant-type:jwt-bearer")) {
            assertOAuthError(form(randomIp()).header("Authorization", basic(c.clientId(), c.secret()))
                    .formParam("grant_type", grant).post("/oauth2/token"), 400, "unsupported_grant_type");
        }
        assertOAuthError(form(randomIp()).header("Authorization", basic(c.clientId(), c.secret()))
                .post("/oauth2/token"), 400, "invalid_request");
    }

    @Test
    void aPublicClientMayNotUseClientCredentials() {
        Made tv = TestClients.create(root.accessToken(), List.of("tv"), List.of(), "device_code");
        assertEquals(null, tv.secret());
        assertOAuthError(form(randomIp()).formParam("grant_type", "client_credentials")
                .formParam("client_id", tv.clientId()).post("/oauth2/token"), 400, "unauthorized_client");
        // a confidential client's id without its secret authenticates nothing
        Made c = TestClients.create(root.accessToken(), List.of());
        assertOAuthError(form(randomIp()).formParam("grant_type", "client_credentials")
                .formParam("client_id", c.clientId()).post("/oauth2/token"), 401, "invalid_client");
    }

    @Test
    void refreshTokenGrantRotatesLikeTheRefreshEndpoint() {
        TestUser u = signup();
        Response first = form(randomIp()).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", u.refreshToken()).post("/oauth2/token");
        first.then().statusCode(200).header("Cache-Control", "no-store").body("token_type", equalTo("Bearer"))
                .body("refresh_token", not(equalTo(u.refreshToken()))).body("access_token", notNullValue());
        bearer(first.path("access_token")).get("/api/v1/account").then().statusCode(200)
                .body("id", equalTo(u.id()));

        // after the grace a replay is reuse: invalid_grant, and the session is gone
        clock.advance(Duration.ofSeconds(11));
        assertOAuthError(form(randomIp()).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", u.refreshToken()).post("/oauth2/token"), 400, "invalid_grant");
        assertOAuthError(form(randomIp()).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", (String) first.path("refresh_token")).post("/oauth2/token"), 400,
                "invalid_grant");

        assertOAuthError(form(randomIp()).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", "garbage").post("/oauth2/token"), 400, "invalid_grant");
        assertOAuthError(form(randomIp()).formParam("grant_type", "refresh_token").post("/oauth2/token"), 400,
                "invalid_request");
    }

    @Test
    void aConfidentialClientHoldsNoRefreshTokens() {
        TestUser u = signup();
        Made c = TestClients.create(root.accessToken(), List.of());
        assertOAuthError(form(randomIp()).header("Authorization", basic(c.clientId(), c.secret()))
                .formParam("grant_type", "refresh_token").formParam("refresh_token", u.refreshToken())
                .post("/oauth2/token"), 400, "unauthorized_client");
        assertOAuthError(form(randomIp()).formParam("grant_type", "refresh_token").formParam("client_id", "nobody")
                .formParam("refresh_token", u.refreshToken()).post("/oauth2/token"), 401, "invalid_client");
        // nothing was spent: the user's refresh token still works
        form(randomIp()).formParam("grant_type", "refresh_token").formParam("refresh_token", u.refreshToken())
                .post("/oauth2/token").then().statusCode(200);
    }

    @Test
    void wrongSecretsAreLimitedPerClientIpWithoutLockingTheClient() {
        Made c = TestClients.create(root.accessToken(), List.of());
        String ip = randomIp();
        for (int i = 0; i < 30; i++) {
            assertOAuthError(form(ip).header("Authorization", basic(c.clientId(), "wrong" + i))
                    .formParam("grant_type", "client_credentials").post("/oauth2/token"), 401, "invalid_client");
        }
        Response limited = form(ip).header("Authorization", basic(c.clientId(), "wrong"))
                .formParam("grant_type", "client_credentials").post("/oauth2/token");
        assertOAuthError(limited, 429, "temporarily_unavailable");
        assertNotNull(limited.header("Retry-After"));
        assertTrue(Long.parseLong(limited.header("Retry-After")) >= 1);
        // while the address is over the limit even the right secret waits; the client itself is not locked
        assertOAuthError(clientCredentials(ip, c), 429, "temporarily_unavailable");
        clientCredentials(randomIp(), c).then().statusCode(200);
        // the failures drain with time (the limiter reads the service's clock)
        clock.advance(Duration.ofSeconds(Long.parseLong(limited.header("Retry-After"))));
        clientCredentials(ip, c).then().statusCode(200);
    }

    @Test
    void malformedRequestsAnswerInOAuthFormat() {
        assertOAuthError(form(randomIp()).body("grant_type=client_credentials&scope=%zz").post("/oauth2/token"), 400,
                "invalid_request");
        assertOAuthError(form(randomIp()).body("grant_type=client_credentials&grant_type=refresh_token")
                .post("/oauth2/token"), 400, "invalid_request");
        assertOAuthError(form(randomIp()).body("grant_type=client_credentials&scope=%C3%28").post("/oauth2/token"),
                400, "invalid_request");
        assertOAuthError(form(randomIp()).header("Authorization", "Basic !!!")
                .formParam("grant_type", "client_credentials").post("/oauth2/token"), 400, "invalid_request");
        assertOAuthError(RestAssured.given().contentType("application/json").body("{\"grant_type\":\"client_credentials\"}")
                .post("/oauth2/token"), 415, "invalid_request");
        assertOAuthError(RestAssured.given().get("/oauth2/token"), 405, "invalid_request");
        assertOAuthError(form(randomIp()).body("grant_type=client_credentials&scope=" + "a".repeat(70_000))
                .post("/oauth2/token"), 413, "invalid_request");
    }

    @Test
    void aClientTokenIsRefusedOnUserEndpoints() {
        Made c = TestClients.create(root.accessToken(), List.of("a"));
        String token = TestClients.token(c);
        bearer(token).get("/api/v1/account").then().statusCode(403).contentType("application/problem+json")
                .body("code", equalTo("FORBIDDEN"));
        bearer(token).get("/api/v1/clients").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void discoveryNamesTheTokenEndpoint() {
        TestClients.create(root.accessToken(), List.of("discovered:scope"));
        RestAssured.given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("token_endpoint", equalTo(Tokens.ISSUER + "/oauth2/token"))
                .body("grant_types_supported", equalTo(List.of("client_credentials", "refresh_token",
                        "urn:ietf:params:oauth:grant-type:device_code")))
                .body("device_authorization_endpoint", equalTo(Tokens.ISSUER + "/oauth2/device_authorization"))
                .body("token_endpoint_auth_methods_supported",
                        equalTo(List.of("client_secret_basic", "client_secret_post", "none")))
                .body("subject_types_supported", equalTo(List.of("public")))
                .body("response_types_supported", equalTo(List.of()))
                .body("scopes_supported", hasItem("discovered:scope"));
    }
}
