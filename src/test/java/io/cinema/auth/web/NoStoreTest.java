package io.cinema.auth.web;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

/** Answers with tokens, secrets or personal data are never stored by a browser or proxy cache. */
@QuarkusTest
class NoStoreTest {

    @Inject
    Admins admins;

    private static void notStored(ValidatableResponse r) {
        r.header("Cache-Control", equalTo("no-store")).header("Pragma", equalTo("no-cache"));
    }

    @Test
    void theAccountItsHistoryAndSessionsAreNoStore() {
        TestUser u = signup();
        notStored(bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200));
        notStored(bearer(u.accessToken()).get("/api/v1/account/history").then().statusCode(200));
        notStored(bearer(u.accessToken()).get("/api/v1/account/sessions").then().statusCode(200));
    }

    @Test
    void theUserAdministrationIsNoStore() {
        TestUser root = admins.superuser();
        TestUser u = signup();
        notStored(bearer(root.accessToken()).get("/api/v1/users").then().statusCode(200));
        notStored(bearer(root.accessToken()).get("/api/v1/users/" + u.id()).then().statusCode(200));
        notStored(bearer(root.accessToken()).get("/api/v1/users/" + u.id() + "/roles").then().statusCode(200));
        notStored(bearer(root.accessToken()).get("/api/v1/roles").then().statusCode(200));
    }

    @Test
    void thePermissionCheckAndSocialProvidersAreNoStore() {
        TestUser u = signup();
        notStored(bearer(u.accessToken()).get("/api/v1/authz/check?role=user").then().statusCode(200));
        notStored(json().get("/api/v1/social/providers").then().statusCode(200));
    }

    @Test
    void answersWithoutABodyAndErrorsAreNoStoreToo() {
        TestUser u = signup();
        notStored(bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204));
        notStored(json().get("/api/v1/no-such-endpoint").then().statusCode(404));
        notStored(json().get("/oauth2/token").then());
    }

    @Test
    void anEndpointsOwnCachingIsKeptAndTheDiscoveryDocumentsStayCacheable() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .header("Cache-Control", equalTo("public, max-age=300")).header("Pragma", nullValue());
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .header("Cache-Control", containsString("max-age"));
        // a token pair sets its own no-store, and it is not doubled
        json().body("{\"login\":\"nobody\",\"password\":\"wrong password here\"}").post("/api/v1/auth/login").then()
                .statusCode(401).header("Cache-Control", equalTo("no-store")).header("Pragma", equalTo("no-cache"));
    }
}
