package io.cinema.auth.token;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Quarkus Security guards every endpoint: one without a security annotation (the test-only resources beside this
 * class) is refused whoever calls it, and the identity behind a bearer token is the caller with its current roles.
 */
@QuarkusTest
class DenyByDefaultTest {

    @Inject
    Admins admins;

    @Test
    void anEndpointWithoutAnnotationIsRefusedToAnAnonymousCaller() {
        for (String method : List.of("GET", "POST")) {
            given().request(method, "/test-only/unannotated").then().statusCode(401)
                    .contentType("application/problem+json").body("code", equalTo("TOKEN_MISSING"))
                    .header("WWW-Authenticate", equalTo("Bearer"));
        }
    }

    @Test
    void anEndpointWithoutAnnotationIsRefusedToASignedInUserAndToASuperuser() {
        for (TestUser caller : List.of(signup(), admins.superuser())) {
            for (String method : List.of("GET", "POST")) {
                bearer(caller.accessToken()).request(method, "/test-only/unannotated").then().statusCode(403)
                        .contentType("application/problem+json").body("code", equalTo("FORBIDDEN"));
            }
        }
    }

    @Test
    void aBadTokenOnAnEndpointWithoutAnnotationIsRefusedWithItsCode() {
        bearer("garbage").get("/test-only/unannotated").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"))
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void aForgottenMethodBesideAnAnnotatedOneIsRefused() {
        json().get("/test-only/half-annotated/public").then().statusCode(200).body(equalTo("public"));
        json().get("/test-only/half-annotated/forgotten").then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
        bearer(signup().accessToken()).get("/test-only/half-annotated/forgotten").then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
    }

    @Test
    void theIdentityIsTheUserWithItsSessionAndCurrentRoles() {
        TestUser u = signup();
        JwtClaims claims = Tokens.unverifiedClaims(u.accessToken());
        bearer(u.accessToken()).get("/test-only/identity").then().statusCode(200)
                .body("name", equalTo(u.id()))
                .body("context_name", equalTo(u.id()))
                .body("user_id", equalTo(u.id()))
                .body("session_id", equalTo(UUID.fromString((String) claims.getClaimValue("sid")).toString()))
                .body("current_user", equalTo(u.username()))
                .body("roles", contains("user"))
                .body("context_admin", equalTo(false));
    }

    @Test
    void aSuperuserAlsoHoldsTheAdministratorRule() {
        TestUser root = admins.superuser();
        bearer(root.accessToken()).get("/test-only/identity").then().statusCode(200)
                .body("roles", hasItem(AdministratorRole.NAME))
                .body("roles", hasItem(UserState.SUPERUSER))
                .body("context_admin", equalTo(true));
        bearer(signup().accessToken()).get("/test-only/identity").then().statusCode(200)
                .body("roles", not(hasItem(AdministratorRole.NAME)));
    }
}
