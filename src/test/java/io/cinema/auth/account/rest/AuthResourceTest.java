package io.cinema.auth.account.rest;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class AuthResourceTest {

    @Test
    void signupReturnsATokenPairAndTheUserRole() {
        String name = uniqueName("Signup");
        json().body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup")
                .then().statusCode(201)
                .header("Cache-Control", containsString("no-store"))
                .body("token_type", equalTo("Bearer"))
                .body("access_token", notNullValue())
                .body("refresh_token", notNullValue())
                .body("expires_in", equalTo(900));
        Response login = login(name.toLowerCase(), PASSWORD);
        login.then().statusCode(200);
        bearer(login.path("access_token")).get("/api/v1/account").then().statusCode(200)
                .body("username", equalTo(name))
                .body("roles", hasItem("user"))
                .body("email_verified", equalTo(false));
    }

    @Test
    void loginWorksByEmailAndByUsername() {
        TestUser u = signup();
        login(u.email().toUpperCase(), PASSWORD).then().statusCode(200);
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void wrongPasswordAndUnknownLoginGiveTheSameAnswer() {
        TestUser u = signup();
        Response wrong = login(u.username(), "wrong password!!");
        Response unknown = login(uniqueName("nobody"), "wrong password!!");
        wrong.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("INVALID_CREDENTIALS"));
        unknown.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("INVALID_CREDENTIALS"));
        assertEquals(wrong.path("detail"), (Object) unknown.path("detail"));
    }

    @Test
    void refreshRotatesTheRefreshToken() {
        TestUser u = signup();
        Response r = json().body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/refresh");
        r.then().statusCode(200).body("access_token", notNullValue());
        assertNotEquals(u.refreshToken(), r.path("refresh_token"));
    }
}
