package io.cinema.auth.web;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.UUID;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;

/** Every 401 of a bearer endpoint tells the client, in WWW-Authenticate, which RFC 6750 failure it is. */
@QuarkusTest
class BearerChallengeResourceTest {

    @Test
    void noTokenIsAPlainBearerChallenge() {
        json().get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_MISSING"))
                .header("WWW-Authenticate", equalTo("Bearer"));
        json().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/account").then().statusCode(401)
                .body("code", equalTo("TOKEN_MISSING")).header("WWW-Authenticate", equalTo("Bearer"));
    }

    @Test
    void aGarbageTokenIsInvalidToken() {
        bearer("garbage").get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"))
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
        bearer(Tokens.flipLastChar(signup().accessToken())).get("/api/v1/account/sessions").then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"))
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void aTokenOfAnEndedSessionIsInvalidToken() {
        TestUser u = signup();
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"))
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void anExpiredTokenIsInvalidToken() {
        TestUser u = signup();
        JwtClaims issued = Tokens.unverifiedClaims(u.accessToken());
        JwtClaims c = Tokens.claims(UUID.fromString(u.id()), UUID.fromString((String) issued.getClaimValue("sid")),
                u.username(), List.of("user"));
        Tokens.expire(c, 5);
        bearer(Tokens.sign(c, Tokens.publishedKid())).get("/api/v1/account").then().statusCode(401)
                .body("code", equalTo("TOKEN_EXPIRED"))
                .header("WWW-Authenticate", equalTo("Bearer error=\"invalid_token\""));
    }

    @Test
    void aWrongPasswordAtLoginCarriesNoBearerChallenge() {
        TestUser u = signup();
        login(u.username(), "not the password at all").then().statusCode(401)
                .body("code", equalTo("INVALID_CREDENTIALS")).header("WWW-Authenticate", nullValue());
    }
}
