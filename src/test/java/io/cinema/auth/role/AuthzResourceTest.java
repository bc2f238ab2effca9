package io.cinema.auth.role;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class AuthzResourceTest {

    @Inject
    Admins admins;

    @Test
    void anonymousCallersAreNotAllowed() {
        json().get("/api/v1/authz/check?role=user").then().statusCode(200)
                .body("allowed", equalTo(false)).body("anonymous", equalTo(true));
    }

    @Test
    void anyAndAllModesWork() {
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200)
                .body("allowed", equalTo(true)).body("user_id", equalTo(u.id())).body("roles", hasItem("user"))
                .body("anonymous", nullValue());
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user&role=subscriber&mode=any").then().body("allowed", equalTo(true));
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user&role=subscriber&mode=all").then().body("allowed", equalTo(false));
        bearer(u.accessToken()).get("/api/v1/authz/check?role=subscriber").then().body("allowed", equalTo(false));
    }

    @Test
    void aSuperuserIsAllowedEverything() {
        TestUser root = admins.superuser();
        bearer(root.accessToken()).get("/api/v1/authz/check?role=anything&role=else&mode=all").then()
                .body("allowed", equalTo(true)).body("roles", hasItem("superuser"));
    }

    @Test
    void badTokensGet401WithTheirCode() {
        json().header("Authorization", "Bearer garbage").get("/api/v1/authz/check?role=user").then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
        TestUser u = signup();
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void badModeOrTooManyRolesIsAValidationProblem() {
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/authz/check?role=user&mode=some").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        StringBuilder q = new StringBuilder("/api/v1/authz/check?mode=any");
        for (int i = 0; i < 40; i++) {
            q.append("&role=r").append(i);
        }
        bearer(u.accessToken()).get(q.toString()).then().statusCode(400);
    }

    @Test
    void aCheckWithoutARoleIsAValidationProblemNeverAllowed() {
        TestUser u = signup();
        TestUser root = admins.superuser();
        for (String query : new String[] {"", "?mode=any", "?mode=all", "?role", "?role="}) {
            for (String token : new String[] {u.accessToken(), root.accessToken()}) {
                Response r = bearer(token).urlEncodingEnabled(false).get("/api/v1/authz/check" + query);
                assertEquals(400, r.statusCode(), query + " answered " + r.asString());
                r.then().contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"))
                        .body("errors[0].field", equalTo("role"));
            }
        }
    }

    @Test
    void anUnknownQueryParameterIsAValidationProblemNeverAllowed() {
        TestUser u = signup();
        TestUser root = admins.superuser();
        for (String query : new String[] {"?roles=admin", "?Role=user", "?role=user&roles=admin", "?role=user&ROLE=x",
                "?role=user&mode=any&debug=1", "?role=user&mode=any&mode=all", "?role=user&%72oles=admin",
                "?role=user&role%00=x"}) {
            for (String token : new String[] {u.accessToken(), root.accessToken()}) {
                Response r = bearer(token).urlEncodingEnabled(false).get("/api/v1/authz/check" + query);
                assertEquals(400, r.statusCode(), query + " answered " + r.asString());
                r.then().contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"));
            }
        }
        bearer(u.accessToken()).get("/api/v1/authz/check?roles=admin").then().body("errors[0].field", equalTo("roles"));
    }

    @Test
    void theQuestionIsValidatedBeforeTheToken() {
        // no token: still 400 for a bad question, and still anonymous for a good one
        json().get("/api/v1/authz/check?roles=admin").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        json().get("/api/v1/authz/check").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        json().header("Authorization", "Bearer garbage").get("/api/v1/authz/check?roles=admin").then().statusCode(400);
        json().get("/api/v1/authz/check?role=user&mode=all").then().statusCode(200)
                .body("allowed", equalTo(false)).body("anonymous", equalTo(true));
    }

    @Test
    void thePermissionCheckHasNoRateLimit() {
        TestUser u = signup();
        for (int i = 0; i < 700; i++) {
            bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200);
        }
    }
}
