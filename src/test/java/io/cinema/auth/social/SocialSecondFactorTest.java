package io.cinema.auth.social;

import static io.cinema.auth.social.SocialLoginResourceTest.count;
import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static io.cinema.auth.support.Api.verifiedSignup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.email.GreenMailResource;
import io.cinema.auth.email.Mailbox;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.IndependentTotp;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Social login against a real OIDC provider (mock-oauth2-server) where the account has two-factor on, where the
 * caller holds only an access token (re-authentication), and where a squatter planted a provider login before the
 * owner recovered the address by mail.
 */
@QuarkusTest
@WithTestResource(MockOAuth2Server.class)
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
class SocialSecondFactorTest {

    private static final String TOTP = "/api/v1/account/totp";

    @Inject
    TestClock clock;

    @BeforeEach
    void freezeTheClockAtTheStartOfAStep() {
        clock.freezeAtTheStartOfATotpStep();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    private String code(String secret, int steps) {
        return IndependentTotp.code(secret, clock.instant().plus(Duration.ofSeconds(30L * steps)));
    }

    /** Turns two-factor on for a fresh (recently authenticated, verified) user; returns the secret. */
    private String enableTotp(TestUser u) {
        String secret = bearer(u.accessToken()).post(TOTP).then().statusCode(200).extract().path("secret");
        bearer(u.accessToken()).body(Map.of("code", code(secret, 0))).post(TOTP + "/confirm").then().statusCode(200);
        return secret;
    }

    private static String verifiedClaims(String email) {
        return "{\"email\":\"" + email + "\",\"email_verified\":true}";
    }

    @Test
    void aSocialLoginOfATwoFactorAccountGivesAnMfaTokenThatACodeFinishes() {
        TestUser u = verifiedSignup();
        String sub = uniqueName("sub");
        new Browser().login("mock", sub, "{}", u.accessToken()).then().statusCode(200);
        String secret = enableTotp(u);

        Response required = new Browser().login("mock", sub, "{}");
        required.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("TOTP_REQUIRED"))
                .body("mfa_token", notNullValue()).body("access_token", org.hamcrest.Matchers.nullValue());
        String token = required.path("mfa_token");
        json().body(Map.of("mfa_token", token, "totp_code", "000000".equals(code(secret, 0)) ? "111111" : "000000"))
                .post("/api/v1/auth/mfa").then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        clock.advance(Duration.ofSeconds(30));
        Response pair = json().body(Map.of("mfa_token", token, "totp_code", code(secret, 0))).post("/api/v1/auth/mfa");
        pair.then().statusCode(200).body("refresh_token", notNullValue());
        bearer(pair.path("access_token")).get("/api/v1/account").then().body("id", equalTo(u.id()));
        bearer(pair.path("access_token")).get("/api/v1/account/history").then()
                .body("items.event_type", hasItem("second_factor_required"))
                .body("items.event_type", hasItem("social_login"));
    }

    @Test
    void aFirstLoginJoiningATwoFactorAccountByEmailLinksOnlyOnceTheCodeIsAccepted() {
        TestUser owner = verifiedSignup();
        String secret = enableTotp(owner);
        String sub = uniqueName("joiner");
        Response required = new Browser().login("mock", sub, verifiedClaims(owner.email()));
        required.then().statusCode(401).body("code", equalTo("TOTP_REQUIRED"));
        assertEquals(0, count("SELECT count(*) FROM social_accounts WHERE user_id = cast(?1 as uuid)", owner.id()),
                "nothing is linked before the code");
        clock.advance(Duration.ofSeconds(30));
        json().body(Map.of("mfa_token", required.path("mfa_token"), "totp_code", code(secret, 0)))
                .post("/api/v1/auth/mfa").then().statusCode(200);
        assertEquals(1, count("SELECT count(*) FROM social_accounts WHERE user_id = cast(?1 as uuid)", owner.id()));
    }

    @Test
    void linkingNeedsAVerifiedEmailBeforeARecentAuthentication() {
        TestUser unverified = signup();
        clock.advance(Duration.ofMinutes(6));
        new Browser().request().accept("application/json").header("Authorization", "Bearer " + unverified.accessToken())
                .get("/api/v1/social/mock/authorize").then().statusCode(403).body("code", equalTo("EMAIL_UNVERIFIED"));
    }

    @Test
    void aStolenAccessTokenCannotLinkOrUnlinkUntilTheOwnerReauthenticates() {
        TestUser u = verifiedSignup();
        String sub = uniqueName("linked");
        new Browser().login("mock", sub, "{}", u.accessToken()).then().statusCode(200);
        clock.advance(Duration.ofMinutes(6));
        Response link = new Browser().request().accept("application/json")
                .header("Authorization", "Bearer " + u.accessToken()).get("/api/v1/social/plain/authorize");
        link.then().statusCode(401).body("code", equalTo("REAUTH_REQUIRED"));
        bearer(u.accessToken()).delete("/api/v1/account/social/mock").then().statusCode(401)
                .body("code", equalTo("REAUTH_REQUIRED"));
        bearer(u.accessToken()).get("/api/v1/account").then().body("social_accounts.size()", equalTo(1));

        bearer(u.accessToken()).body(Map.of("password", PASSWORD)).post("/api/v1/account/reauth").then()
                .statusCode(204);
        bearer(u.accessToken()).delete("/api/v1/account/social/mock").then().statusCode(204);
    }

    @Test
    void aPasswordlessAccountReauthenticatesByLoggingInAgainThroughItsProvider() {
        String sub = uniqueName("nopw");
        String access = new Browser().login("mock", sub, verifiedClaims(uniqueName("np") + "@example.com")).then()
                .statusCode(200).extract().path("access_token");
        clock.advance(Duration.ofMinutes(6));
        bearer(access).body(Map.of("new_password", "a brand new passphrase")).put("/api/v1/account/password").then()
                .statusCode(401).body("code", equalTo("REAUTH_REQUIRED"));
        bearer(access).body(Map.of("email", uniqueName("new") + "@example.com")).patch("/api/v1/account").then()
                .statusCode(401).body("code", equalTo("REAUTH_REQUIRED"));
        bearer(access).body(Map.of("password", "anything at all")).post("/api/v1/account/reauth").then()
                .statusCode(409);

        String fresh = new Browser().login("mock", sub, "{}").then().statusCode(200).extract().path("access_token");
        bearer(fresh).body(Map.of("new_password", "a brand new passphrase")).put("/api/v1/account/password").then()
                .statusCode(204);
    }

    @Test
    void theSquattersPlantedProviderLoginNoLongerReachesTheAccountAfterTheOwnersReset() {
        String victim = uniqueName("victim") + "@example.com";
        String squatterSub = uniqueName("squatter");
        // the squatter comes in through a provider that reports the victim's address unverified
        String squatterAccess = new Browser().login("mock", squatterSub,
                "{\"email\":\"" + victim + "\",\"email_verified\":false}").then().statusCode(200).extract()
                .path("access_token");
        String accountId = bearer(squatterAccess).get("/api/v1/account").then().body("email_verified", equalTo(false))
                .extract().path("id");
        // the owner of the mailbox recovers the account by mail
        json().body(Map.of("email", victim)).post("/api/v1/auth/password/forgot").then().statusCode(202);
        String token = Mailbox.await(victim, "Reset your password").token();
        json().body(Map.of("token", token, "new_password", "the owners own passphrase")).post(
                "/api/v1/auth/password/reset").then().statusCode(204);
        Mailbox.Received notice = Mailbox.await(victim, "Your password was reset");
        assertTrue(notice.body().contains("removed"), notice.body());

        assertEquals(0, count("SELECT count(*) FROM social_accounts WHERE user_id = cast(?1 as uuid)", accountId));
        bearer(squatterAccess).get("/api/v1/account").then().statusCode(401);
        Response again = new Browser().login("mock", squatterSub,
                "{\"email\":\"" + victim + "\",\"email_verified\":false}");
        if (again.statusCode() == 200) {
            String id = bearer(again.path("access_token")).get("/api/v1/account").then().extract().path("id");
            assertNotEquals(accountId, id, "the squatter's provider login reached the owner's account");
        } else {
            again.then().statusCode(409);
        }
        String owner = json().body(Map.of("login", victim, "password", "the owners own passphrase"))
                .post("/api/v1/auth/login").then().statusCode(200).extract().path("access_token");
        bearer(owner).get("/api/v1/account").then().body("id", equalTo(accountId)).body("email_verified", equalTo(true))
                .body("social_accounts.size()", equalTo(0));
    }

    @Test
    void aResetNeverRemovesASecondFactor() {
        TestUser u = verifiedSignup();
        String secret = enableTotp(u);
        json().body(Map.of("email", u.email())).post("/api/v1/auth/password/forgot").then().statusCode(202);
        String token = Mailbox.await(u.email(), "Reset your password").token();
        json().body(Map.of("token", token, "new_password", "a reset passphrase")).post("/api/v1/auth/password/reset")
                .then().statusCode(204);
        Response r = json().body(Map.of("login", u.username(), "password", "a reset passphrase"))
                .post("/api/v1/auth/login");
        r.then().statusCode(401).body("code", equalTo("TOTP_REQUIRED"));
    }
}
