package io.cinema.auth.account.rest;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cinema.auth.account.User;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class AccountResourceTest {

    @Test
    void theAccountShowsTheContractFields() {
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200)
                .body("id", equalTo(u.id())).body("username", equalTo(u.username())).body("email", equalTo(u.email()))
                .body("email_verified", equalTo(false)).body("pending_email", nullValue()).body("active", equalTo(true)).body("roles", equalTo(List.of("user")))
                .body("totp_enabled", equalTo(false)).body("social_accounts", hasSize(0)).body("created_at", notNullValue());
    }

    @Test
    void changingTheUsernameWorksAndShowsInNewTokens() {
        TestUser u = signup();
        String name = uniqueName("Renamed");
        bearer(u.accessToken()).body(Map.of("username", name)).patch("/api/v1/account").then().statusCode(200)
                .body("username", equalTo(name));
        login(name, PASSWORD).then().statusCode(200);
        TestUser other = signup();
        bearer(other.accessToken()).body(Map.of("username", name.toUpperCase())).patch("/api/v1/account").then()
                .statusCode(409).body("code", equalTo("USERNAME_TAKEN"));
    }

    @Test
    void changingTheEmailNeedsTheCurrentPasswordAndStaysPendingUntilItsLink() {
        TestUser u = signup();
        String email = uniqueName("new") + "@example.com";
        bearer(u.accessToken()).body(Map.of("email", email)).patch("/api/v1/account").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED")).body("errors.field", hasItem("current_password"));
        bearer(u.accessToken()).body(Map.of("email", email, "current_password", "wrong password 1")).patch("/api/v1/account")
                .then().statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        bearer(u.accessToken()).body(Map.of("email", email, "current_password", PASSWORD)).patch("/api/v1/account").then()
                .statusCode(200).body("email", equalTo(u.email())).body("pending_email", equalTo(email));
        // a pending address reserves nothing; an address another account has is taken
        TestUser other = signup();
        bearer(other.accessToken()).body(Map.of("email", email.toUpperCase(), "current_password", PASSWORD))
                .patch("/api/v1/account").then().statusCode(200).body("pending_email", equalTo(email.toUpperCase()));
        bearer(other.accessToken()).body(Map.of("email", u.email().toUpperCase(), "current_password", PASSWORD))
                .patch("/api/v1/account").then().statusCode(409).body("code", equalTo("EMAIL_TAKEN"));
        bearer(u.accessToken()).body(Map.of()).patch("/api/v1/account").then().statusCode(400);
        bearer(u.accessToken()).body(Map.of("email", "not-an-email", "current_password", PASSWORD)).patch("/api/v1/account")
                .then().statusCode(400).body("errors.field", hasItem("email"));
    }

    @Test
    void changingThePasswordRevokesTheOtherSessionsOnly() {
        TestUser u = signup();
        Response second = login(u.username(), PASSWORD);
        bearer(u.accessToken()).body(Map.of("current_password", PASSWORD, "new_password", "a brand new passphrase"))
                .put("/api/v1/account/password").then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
        bearer(second.path("access_token")).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        json().body(Map.of("refresh_token", second.path("refresh_token"))).post("/api/v1/auth/refresh").then()
                .statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        login(u.username(), PASSWORD).then().statusCode(401);
        login(u.username(), "a brand new passphrase").then().statusCode(200);
    }

    @Test
    void passwordChangeErrors() {
        TestUser u = signup();
        bearer(u.accessToken()).body(Map.of("current_password", "wrong password 1", "new_password", "another good one"))
                .put("/api/v1/account/password").then().statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        bearer(u.accessToken()).body(Map.of("current_password", PASSWORD, "new_password", "password1"))
                .put("/api/v1/account/password").then().statusCode(400).body("errors.field", hasItem("new_password"));
        bearer(u.accessToken()).body(Map.of("current_password", PASSWORD, "new_password", "short"))
                .put("/api/v1/account/password").then().statusCode(400);
        bearer(u.accessToken()).body(Map.of("current_password", PASSWORD, "new_password", "x".repeat(129)))
                .put("/api/v1/account/password").then().statusCode(400);
        bearer(u.accessToken()).body(Map.of("current_password", PASSWORD)).put("/api/v1/account/password").then()
                .statusCode(400).body("errors.field", hasItem("new_password"));
        json().body(Map.of("current_password", PASSWORD, "new_password", "whatever it is")).put("/api/v1/account/password")
                .then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
    }

    @Test
    void historyIsPagedNewestFirstWithDeviceAndFingerprint() {
        TestUser u = signup();
        login(u.username(), "wrong password 1");
        json().header("User-Agent", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
                + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
                .body(Map.of("login", u.username(), "password", PASSWORD)).post("/api/v1/auth/login").then().statusCode(200);
        Response h = bearer(u.accessToken()).get("/api/v1/account/history?page=1&size=2");
        h.then().statusCode(200).body("items", hasSize(2)).body("page", equalTo(1)).body("size", equalTo(2))
                .body("total", equalTo(3)).body("pages", equalTo(2))
                .body("items[0].event_type", equalTo("login")).body("items[0].success", equalTo(true))
                .body("items[0].device", equalTo("mobile")).body("items[0].fingerprint", notNullValue())
                .body("items[0].ip_address", notNullValue())
                .body("items[1].event_type", equalTo("login_failed")).body("items[1].success", equalTo(false));
        bearer(u.accessToken()).get("/api/v1/account/history?page=2&size=2").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].event_type", equalTo("signup"));
        for (String bad : new String[] {"page=0", "size=0", "size=101", "page=x", "size=-5", "page=99999999999999"}) {
            bearer(u.accessToken()).get("/api/v1/account/history?" + bad).then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void theClientIpIsTheForwardedOneFromATrustedProxy() {
        TestUser u = signup();
        io.restassured.RestAssured.given().contentType("application/json").header("X-Forwarded-For", "198.51.100.7, 127.0.0.1")
                .body(Map.of("login", u.username(), "password", PASSWORD)).post("/api/v1/auth/login").then().statusCode(200);
        bearer(u.accessToken()).get("/api/v1/account/history?size=1").then()
                .body("items[0].ip_address", equalTo("198.51.100.7"));
    }

    @Test
    void sessionsAreListedAndOneCanBeRevoked() {
        TestUser u = signup();
        Response other = login(u.username(), PASSWORD);
        Response list = bearer(u.accessToken()).get("/api/v1/account/sessions");
        list.then().statusCode(200).body("", hasSize(2)).body("current", hasItem(true)).body("id", everyItem(notNullValue()));
        List<Map<String, Object>> sessions = list.path("");
        String otherId = sessions.stream().filter(s -> !(Boolean) s.get("current")).map(s -> (String) s.get("id"))
                .findFirst().orElseThrow();
        bearer(u.accessToken()).delete("/api/v1/account/sessions/" + otherId).then().statusCode(204);
        bearer(other.path("access_token")).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        bearer(u.accessToken()).get("/api/v1/account/sessions").then().body("", hasSize(1));
        bearer(u.accessToken()).delete("/api/v1/account/sessions/" + otherId).then().statusCode(404);
        TestUser stranger = signup();
        String strangersSession = ((List<Map<String, Object>>) bearer(stranger.accessToken())
                .get("/api/v1/account/sessions").path("")).get(0).get("id").toString();
        bearer(u.accessToken()).delete("/api/v1/account/sessions/" + strangersSession).then().statusCode(404);
        bearer(u.accessToken()).delete("/api/v1/account/sessions/not-a-uuid").then().statusCode(404);
    }

    @Test
    void lastUsedAtMovesOnRefresh() throws InterruptedException {
        TestUser u = signup();
        String before = ((List<Map<String, Object>>) bearer(u.accessToken()).get("/api/v1/account/sessions").path(""))
                .get(0).get("last_used_at").toString();
        Thread.sleep(20);
        Response r = json().body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/refresh");
        String after = ((List<Map<String, Object>>) bearer(r.path("access_token")).get("/api/v1/account/sessions").path(""))
                .get(0).get("last_used_at").toString();
        org.junit.jupiter.api.Assertions.assertNotEquals(before, after);
    }

    @Test
    void logoutRevokesThisSessionAndLogoutOthersKeepsIt() {
        TestUser u = signup();
        Response second = login(u.username(), PASSWORD);
        Response third = login(u.username(), PASSWORD);
        bearer(u.accessToken()).post("/api/v1/auth/logout-others").then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
        bearer(second.path("access_token")).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        bearer(third.path("access_token")).get("/api/v1/account").then().statusCode(401);
        bearer(u.accessToken()).body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/logout").then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        json().body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/refresh").then().statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
        json().post("/api/v1/auth/logout").then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
        List<String> events = bearer(login(u.username(), PASSWORD).path("access_token")).get("/api/v1/account/history")
                .path("items.event_type");
        assertEquals(true, events.contains("logout"));
    }
}
