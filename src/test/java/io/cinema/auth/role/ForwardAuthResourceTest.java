package io.cinema.auth.role;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** GET /api/v1/authz/forward: what nginx auth_request, ingress-nginx auth-url and Traefik ForwardAuth ask. */
@QuarkusTest
class ForwardAuthResourceTest {

    private static final String FORWARD = "/api/v1/authz/forward";

    @Inject
    Admins admins;

    private static void assertRefused(Response r, int status, String code) {
        assertEquals(status, r.statusCode(), r.asString());
        r.then().contentType("application/problem+json").body("code", equalTo(code))
                .header("X-Auth-Error", equalTo(code)).header("X-Auth-User-Id", nullValue());
    }

    @Test
    void aLiveUserTokenPassesWithTheCallerInTheHeaders() {
        TestUser u = signup();
        String sid = (String) Tokens.unverifiedClaims(u.accessToken()).getClaimValue("sid");
        bearer(u.accessToken()).get(FORWARD).then().statusCode(200).body(emptyString())
                .header("X-Auth-User-Id", equalTo(u.id()))
                .header("X-Auth-Username", equalTo(u.username()))
                .header("X-Auth-Roles", equalTo("user"))
                .header("X-Auth-Session-Id", equalTo(sid))
                .header("X-Auth-Client-Id", nullValue())
                .header("X-Auth-Error", nullValue())
                .header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void aNamedRoleIsNeededAnyOrAll() {
        TestUser u = signup();
        bearer(u.accessToken()).get(FORWARD + "?role=user").then().statusCode(200);
        bearer(u.accessToken()).get(FORWARD + "?role=subscriber&role=user").then().statusCode(200);
        bearer(u.accessToken()).get(FORWARD + "?role=subscriber&role=user&mode=any").then().statusCode(200);
        assertRefused(bearer(u.accessToken()).get(FORWARD + "?role=subscriber&role=user&mode=all"), 403, "FORBIDDEN");
        assertRefused(bearer(u.accessToken()).get(FORWARD + "?role=subscriber"), 403, "FORBIDDEN");
    }

    @Test
    void aSuperuserPassesEveryRole() {
        TestUser root = admins.superuser();
        bearer(root.accessToken()).get(FORWARD + "?role=anything&role=else&mode=all").then().statusCode(200)
                .header("X-Auth-Roles", containsString("superuser"));
    }

    @Test
    void noTokenIs401WithTheBearerChallenge() {
        Response r = json().get(FORWARD);
        assertRefused(r, 401, "TOKEN_MISSING");
        r.then().header("WWW-Authenticate", equalTo("Bearer"));
        assertRefused(json().header("Authorization", "Basic dXNlcjpwYXNz").get(FORWARD), 401, "TOKEN_MISSING");
    }

    @Test
    void badExpiredAndRevokedTokensAre401InvalidToken() {
        Response bad = json().header("Authorization", "Bearer garbage").get(FORWARD + "?role=user");
        assertRefused(bad, 401, "TOKEN_INVALID");
        bad.then().header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));

        TestUser u = signup();
        JwtClaims issued = Tokens.unverifiedClaims(u.accessToken());
        JwtClaims c = Tokens.claims(UUID.fromString(u.id()), UUID.fromString((String) issued.getClaimValue("sid")),
                u.username(), List.of("user"));
        Tokens.expire(c, 5);
        Response expired = bearer(Tokens.sign(c, Tokens.publishedKid())).get(FORWARD);
        assertRefused(expired, 401, "TOKEN_EXPIRED");
        expired.then().header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));

        bearer(u.accessToken()).get(FORWARD).then().statusCode(200);
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        Response revoked = bearer(u.accessToken()).get(FORWARD);
        assertRefused(revoked, 401, "TOKEN_REVOKED");
        revoked.then().header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void aRoleTakenAndAnAccountDisabledShowAtOnce() {
        TestUser root = admins.superuser();
        TestUser u = signup();
        String role = uniqueName("premium");
        String roleId = bearer(root.accessToken()).body(Map.of("name", role)).post("/api/v1/roles").then()
                .statusCode(201).extract().path("id");
        assertRefused(bearer(u.accessToken()).get(FORWARD + "?role=" + role), 403, "FORBIDDEN");
        bearer(root.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
        bearer(u.accessToken()).get(FORWARD + "?role=" + role).then().statusCode(200)
                .header("X-Auth-Roles", equalTo(String.join(",", new java.util.TreeSet<>(List.of("user", role)))));
        bearer(root.accessToken()).delete("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
        assertRefused(bearer(u.accessToken()).get(FORWARD + "?role=" + role), 403, "FORBIDDEN");

        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + u.id()).then().statusCode(200);
        Response disabled = bearer(u.accessToken()).get(FORWARD);
        assertEquals(401, disabled.statusCode(), "deactivation revoked the session: " + disabled.asString());
    }

    @Test
    void anUnknownParameterOrABadModeIs400ForAnyone() {
        TestUser u = signup();
        for (String query : new String[] {"?roles=user", "?role=user&mode=some", "?role=user&mode=any&mode=all",
            "?role=", "?Role=user"}) {
            Response r = bearer(u.accessToken()).urlEncodingEnabled(false).get(FORWARD + query);
            assertRefused(r, 400, "VALIDATION_FAILED");
            assertRefused(json().urlEncodingEnabled(false).get(FORWARD + query), 400, "VALIDATION_FAILED");
        }
    }

    @Test
    void forwardAuthenticationHasNoRateLimit() {
        TestUser u = signup();
        for (int i = 0; i < 700; i++) {
            bearer(u.accessToken()).get(FORWARD).then().statusCode(200);
        }
    }

    @Test
    void onlyGetIsAnswered() {
        TestUser u = signup();
        assertEquals(405, bearer(u.accessToken()).post(FORWARD).statusCode());
    }
}
