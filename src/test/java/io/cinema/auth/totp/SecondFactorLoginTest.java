package io.cinema.auth.totp;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.verifiedSignup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.account.BruteForceTestSupport;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Two-factor on the password path: the mfa_token of TOTP_REQUIRED, its single use, life and failure limit, codes in
 * the account's brute-force count, re-authentication before enrolment, and turning it off only with a code.
 */
@QuarkusTest
class SecondFactorLoginTest {

    private static final String TOTP = "/api/v1/account/totp";
    private static final String MFA = "/api/v1/auth/mfa";

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

    record Enabled(TestUser user, String secret, List<String> recoveryCodes) {
    }

    private Enabled enabled() {
        TestUser u = verifiedSignup();
        String secret = bearer(u.accessToken()).post(TOTP).then().statusCode(200).extract().path("secret");
        List<String> codes = bearer(u.accessToken()).body(Map.of("code", code(secret, 0))).post(TOTP + "/confirm")
                .then().statusCode(200).extract().path("recovery_codes");
        return new Enabled(u, secret, codes);
    }

    private String code(String secret, int steps) {
        return io.cinema.auth.support.IndependentTotp.code(secret, clock.instant().plus(Duration.ofSeconds(30L * steps)));
    }

    private String wrongCode(String secret) {
        List<String> window = List.of(code(secret, -1), code(secret, 0), code(secret, 1));
        for (int i = 0;; i++) {
            String c = String.format("%06d", (123457 + i * 7919) % 1_000_000);
            if (!window.contains(c)) {
                return c;
            }
        }
    }

    private static String mfaToken(TestUser u) {
        return login(u.username(), PASSWORD).then().statusCode(401).body("code", equalTo("TOTP_REQUIRED"))
                .body("mfa_token", notNullValue()).extract().path("mfa_token");
    }

    private static Response mfa(String token, String field, String code) {
        Map<String, Object> body = new HashMap<>();
        body.put("mfa_token", token);
        body.put(field, code);
        return json().body(body).post(MFA);
    }

    @Test
    void theRightPasswordWithoutACodeGivesAnMfaTokenThatACodeTurnsIntoATokenPair() {
        Enabled e = enabled();
        Response required = login(e.user().username(), PASSWORD);
        required.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("TOTP_REQUIRED"))
                .body("access_token", org.hamcrest.Matchers.nullValue());
        String token = required.path("mfa_token");
        assertTrue(token.length() >= 43, token);
        clock.advance(Duration.ofSeconds(30));
        Response pair = mfa(token, "totp_code", code(e.secret(), 0));
        pair.then().statusCode(200).body("access_token", notNullValue()).body("refresh_token", notNullValue());
        assertEquals("no-store", pair.header("Cache-Control"));
        bearer(pair.path("access_token")).get("/api/v1/account/history").then()
                .body("items.event_type", hasItem("second_factor_required"))
                .body("items.event_type", hasItem("login"));
    }

    @Test
    void anMfaTokenIsSingleUse() {
        Enabled e = enabled();
        String token = mfaToken(e.user());
        mfa(token, "recovery_code", e.recoveryCodes().get(0)).then().statusCode(200);
        mfa(token, "recovery_code", e.recoveryCodes().get(1)).then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void anMfaTokenDiesAfterFiveWrongCodes() {
        Enabled e = enabled();
        String token = mfaToken(e.user());
        for (int i = 0; i < 5; i++) {
            mfa(token, "totp_code", wrongCode(e.secret())).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        }
        mfa(token, "totp_code", code(e.secret(), 1)).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void anMfaTokenExpiresAfterFiveMinutes() {
        Enabled e = enabled();
        String token = mfaToken(e.user());
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        mfa(token, "totp_code", code(e.secret(), 0)).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void aPasswordChangeVoidsPendingMfaTokens() {
        Enabled e = enabled();
        String token = mfaToken(e.user());
        bearer(e.user().accessToken()).body(Map.of("current_password", PASSWORD, "new_password",
                "another fine passphrase")).put("/api/v1/account/password").then().statusCode(204);
        mfa(token, "recovery_code", e.recoveryCodes().get(0)).then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void garbageMfaTokensAndBadBodiesAreRefused() {
        mfa("x".repeat(43), "totp_code", "123456").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        json().body(Map.of("mfa_token", "x".repeat(43))).post(MFA).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        json().body(Map.of("totp_code", "123456")).post(MFA).then().statusCode(400);
        json().body(Map.of("mfa_token", "x".repeat(43), "totp_code", "123456", "recovery_code", "abc")).post(MFA)
                .then().statusCode(400);
    }

    @Test
    void aRightPasswordAnsweredWithTotpRequiredDoesNotResetTheCount() {
        Enabled e = enabled();
        for (int i = 0; i < 9; i++) {
            login(e.user().username(), "wrong " + i).then().statusCode(401);
        }
        mfaToken(e.user()); // the tenth attempt: right password, no code
        Map<String, Object> withCode = Map.of("login", e.user().username(), "password", PASSWORD, "totp_code",
                code(e.secret(), 0));
        json().body(withCode).post("/api/v1/auth/login").then().statusCode(429);
    }

    @Test
    void parallelCodesAtMfaCountTowardTheAccountsLock() throws Exception {
        Enabled e = enabled();
        String token = mfaToken(e.user()); // 1 attempt
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 39; i++) {
            String wrong = wrongCode(e.secret());
            calls.add(() -> mfa(token, "totp_code", wrong));
        }
        String right = code(e.secret(), 0);
        calls.add(() -> mfa(token, "totp_code", right));
        List<String> codes = BruteForceTestSupport.codes(calls);
        long wrong = codes.stream().filter("TOTP_INVALID"::equals).count();
        long successes = codes.stream().filter("200"::equals).count();
        assertTrue(successes <= 1, codes.toString());
        // a code is judged only with a place in the count (nine were left) and while the token lives (five wrong)
        assertTrue(wrong + successes <= 9 && wrong <= 5, "codes judged: " + codes);
        assertTrue(codes.stream().allMatch(c -> List.of("TOTP_INVALID", "200", "RATE_LIMITED", "TOKEN_INVALID")
                .contains(c)), codes.toString());
        if (successes == 0 && codes.contains("RATE_LIMITED")) {
            // the count is full: even the right password with the right code waits for the lock
            json().body(Map.of("login", e.user().username(), "password", PASSWORD, "totp_code", code(e.secret(), 1)))
                    .post("/api/v1/auth/login").then().statusCode(429);
        }
    }

    @Test
    void fortyParallelLoginsWithWrongInlineCodesHaveAtMostTenJudged() throws Exception {
        Enabled e = enabled();
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String wrong = wrongCode(e.secret());
            calls.add(() -> json().body(Map.of("login", e.user().username(), "password", PASSWORD, "totp_code", wrong))
                    .post("/api/v1/auth/login"));
        }
        List<Integer> statuses = BruteForceTestSupport.atOnce(calls);
        assertEquals(10, statuses.stream().filter(s -> s == 401).count(), statuses.toString());
        assertEquals(30, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
        json().body(Map.of("login", e.user().username(), "password", PASSWORD, "totp_code", code(e.secret(), 1)))
                .post("/api/v1/auth/login").then().statusCode(429);
    }

    @Test
    void enrolmentNeedsAVerifiedEmailFirstThenARecentAuthentication() {
        TestUser unverified = signup();
        clock.advance(Duration.ofMinutes(6));
        bearer(unverified.accessToken()).post(TOTP).then().statusCode(403).body("code", equalTo("EMAIL_UNVERIFIED"));
        TestUser u = verifiedSignup();
        clock.advance(Duration.ofMinutes(6));
        Response stale = bearer(u.accessToken()).post(TOTP);
        stale.then().statusCode(401).body("code", equalTo("REAUTH_REQUIRED"));
        assertTrue(String.valueOf(stale.header("WWW-Authenticate")).contains("insufficient_user_authentication"),
                String.valueOf(stale.header("WWW-Authenticate")));
        bearer(u.accessToken()).body(Map.of("password", PASSWORD)).post("/api/v1/account/reauth").then()
                .statusCode(204);
        bearer(u.accessToken()).post(TOTP).then().statusCode(200);
        bearer(u.accessToken()).get("/api/v1/account/history").then().body("items.event_type", hasItem("reauth"));
    }

    @Test
    void aRefreshNeverMakesASessionRecentlyAuthenticated() {
        TestUser u = verifiedSignup();
        clock.advance(Duration.ofMinutes(6));
        String access = json().body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/refresh").then()
                .statusCode(200).extract().path("access_token");
        bearer(access).post(TOTP).then().statusCode(401).body("code", equalTo("REAUTH_REQUIRED"));
    }

    @Test
    void reauthWithTwoFactorOnNeedsACode() {
        Enabled e = enabled();
        clock.advance(Duration.ofMinutes(6));
        bearer(e.user().accessToken()).body(Map.of("password", PASSWORD)).post("/api/v1/account/reauth").then()
                .statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        bearer(e.user().accessToken()).body(Map.of("password", PASSWORD, "totp_code", wrongCode(e.secret())))
                .post("/api/v1/account/reauth").then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        bearer(e.user().accessToken()).body(Map.of("password", PASSWORD, "totp_code", code(e.secret(), 0)))
                .post("/api/v1/account/reauth").then().statusCode(204);
    }

    @Test
    void thePasswordAloneDoesNotTurnTwoFactorOff() {
        Enabled e = enabled();
        bearer(e.user().accessToken()).body(Map.of("password", PASSWORD)).delete(TOTP).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        bearer(e.user().accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(true));
        clock.advance(Duration.ofSeconds(30));
        bearer(e.user().accessToken()).body(Map.of("code", code(e.secret(), 0))).delete(TOTP).then().statusCode(204);
        bearer(e.user().accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(false));
    }

    @Test
    void wrongCodesWhenTurningTwoFactorOffCountTowardTheLock() {
        Enabled e = enabled();
        for (int i = 0; i < 10; i++) {
            bearer(e.user().accessToken()).body(Map.of("code", wrongCode(e.secret()))).delete(TOTP).then()
                    .statusCode(401).body("code", equalTo("TOTP_INVALID"));
        }
        bearer(e.user().accessToken()).body(Map.of("code", code(e.secret(), 1))).delete(TOTP).then().statusCode(429);
    }
}
