package io.cinema.auth.totp;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.verifiedSignup;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.IndependentTotp;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Two-factor enrolment, login with one-time and recovery codes, and removal, through the HTTP contract only. Codes are
 * computed by the test's own RFC 6238 code (not the service's), at the service's clock, which each test freezes at the
 * start of a time step and moves by whole steps.
 */
@QuarkusTest
class TotpResourceTest {

    private static final String TOTP = "/api/v1/account/totp";
    private static final Duration STEP = Duration.ofSeconds(30);

    @Inject
    TestClock clock;
    @Inject
    DataSource dataSource;
    @Inject
    SecurityChangeLog securityChanges;

    @BeforeEach
    void freezeTheClockAtTheStartOfAStep() {
        clock.freezeAtTheStartOfATotpStep();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Enrolment
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void enrolmentGivesABase32SecretAndItsOtpauthUri() {
        TestUser u = verifiedSignup();
        Response r = bearer(u.accessToken()).post(TOTP);
        r.then().statusCode(200).contentType(ContentType.JSON).header("Cache-Control", containsString("no-store"));
        String secret = r.path("secret");
        assertTrue(secret.matches("[A-Z2-7]{32}"), "160 bits in base32: " + secret.length() + " characters");
        assertEquals(20, new Base32().decode(secret).length);
        assertEquals("otpauth://totp/Cinema:" + u.username() + "?secret=" + secret
                + "&issuer=Cinema&algorithm=SHA1&digits=6&period=30", r.path("otpauth_uri"));
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200).body("totp_enabled", equalTo(false));
        // still off: a login needs no code until the enrolment is confirmed
        loginWith(u, Map.of()).then().statusCode(200);
    }

    @Test
    void aNewEnrolmentReplacesThePendingSecret() {
        TestUser u = verifiedSignup();
        String first = enrol(u);
        String second = enrol(u);
        assertNotEquals(first, second);
        confirm(u, codeAt(first, 0)).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        confirm(u, codeAt(second, 0)).then().statusCode(200).body("recovery_codes", hasSize(10));
    }

    @Test
    void confirmTurnsTwoFactorOnAndIssuesTenSingleUseRecoveryCodes() {
        TestUser u = verifiedSignup();
        String secret = enrol(u);
        Response r = confirm(u, codeAt(secret, 0));
        r.then().statusCode(200).header("Cache-Control", containsString("no-store"));
        List<String> codes = r.path("recovery_codes");
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size(), "all different");
        codes.forEach(c -> assertTrue(c.matches("[a-z2-7]{5}-[a-z2-7]{5}"), c));
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200).body("totp_enabled", equalTo(true));
        bearer(u.accessToken()).get("/api/v1/account/history").then().statusCode(200)
                .body("items.event_type", hasItem("totp_enabled"));
        assertEquals(List.of("two-factor enabled"), securityChanges.of(u.id()));
    }

    @Test
    void confirmAcceptsTheCodeAsAuthenticatorAppsShowIt() {
        TestUser u = verifiedSignup();
        String code = codeAt(enrol(u), 0);
        confirm(u, " " + code.substring(0, 3) + " " + code.substring(3) + " ").then().statusCode(200);
    }

    @Test
    void confirmWithAWrongCodeIsTotpInvalidAndKeepsTheEnrolmentPending() {
        TestUser u = verifiedSignup();
        String secret = enrol(u);
        confirm(u, wrongCode(secret)).then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("TOTP_INVALID"));
        confirm(u, "12345a").then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        confirm(u, codeAt(secret, -2)).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        bearer(u.accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(false));
        confirm(u, codeAt(secret, 0)).then().statusCode(200);
    }

    @Test
    void confirmWithoutAPendingEnrolmentIsAConflict() {
        TestUser u = verifiedSignup();
        confirm(u, "123456").then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("CONFLICT"));
    }

    @Test
    void enrollingOrConfirmingAgainWhileTwoFactorIsOnIsAConflict() {
        Enabled e = enabled();
        bearer(e.user().accessToken()).post(TOTP).then().statusCode(409).body("code", equalTo("CONFLICT"));
        clock.advance(STEP);
        confirm(e.user(), codeAt(e.secret(), 0)).then().statusCode(409).body("code", equalTo("CONFLICT"));
        // the refused calls changed nothing: the active secret still works
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 0))).then().statusCode(200);
    }

    @Test
    void theSecretIsStoredEncryptedAndRecoveryCodesOnlyHashed() throws Exception {
        TestUser u = verifiedSignup();
        String secret = enrol(u);
        String pending = userColumn(u.id(), "totp_pending");
        assertTrue(pending.startsWith("v1:"), "a versioned ciphertext");
        assertFalse(pending.toUpperCase(Locale.ROOT).contains(secret), "not the base32 secret");
        assertNull(userColumn(u.id(), "totp_secret"));
        List<String> codes = confirm(u, codeAt(secret, 0)).then().statusCode(200).extract().path("recovery_codes");
        String active = userColumn(u.id(), "totp_secret");
        assertEquals(pending, active, "the pending ciphertext became the active one");
        assertNull(userColumn(u.id(), "totp_pending"));
        assertFalse(active.toUpperCase(Locale.ROOT).contains(secret));
        assertFalse(active.contains(java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new Base32().decode(secret))), "not the raw secret either");
        List<byte[]> hashes = recoveryCodeHashes(u.id());
        assertEquals(10, hashes.size());
        for (byte[] h : hashes) {
            assertEquals(32, h.length);
            for (String c : codes) {
                assertFalse(new String(h, StandardCharsets.ISO_8859_1).contains(c.replace("-", "")));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Login
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void loginAsksForTheSecondFactorOnlyAfterTheRightPassword() {
        Enabled e = enabled();
        clock.advance(STEP);
        Response noCode = loginWith(e.user(), Map.of());
        noCode.then().statusCode(401).contentType("application/problem+json").body("code", equalTo("TOTP_REQUIRED"));
        login(e.user().username(), "wrong password!!", Map.of()).then().statusCode(401)
                .body("code", equalTo("INVALID_CREDENTIALS"));
        login(e.user().username(), "wrong password!!", Map.of("totp_code", codeAt(e.secret(), 0))).then()
                .statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        loginWith(e.user(), Map.of("totp_code", "")).then().statusCode(401).body("code", equalTo("TOTP_REQUIRED"));
        // the refused attempt with a wrong password did not spend the code
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 0))).then().statusCode(200);
    }

    @Test
    void loginAcceptsAFreshCodeOnceAndRefusesWrongAndReplayedCodes() {
        Enabled e = enabled();
        // the code that confirmed the enrolment is spent already
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 0))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        clock.advance(STEP);
        String code = codeAt(e.secret(), 0);
        loginWith(e.user(), Map.of("totp_code", wrongCode(e.secret()))).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("TOTP_INVALID"));
        Response ok = loginWith(e.user(), Map.of("totp_code", code));
        ok.then().statusCode(200).body("token_type", equalTo("Bearer"));
        bearer(ok.path("access_token")).get("/api/v1/account").then().statusCode(200);
        loginWith(e.user(), Map.of("totp_code", code)).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        clock.advance(Duration.ofSeconds(20)); // later within the same step: still a replay
        loginWith(e.user(), Map.of("totp_code", code)).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
    }

    @Test
    void loginRefusesCodesTwoStepsAwayAndAcceptsThePreviousStepOnce() {
        Enabled e = enabled();
        clock.advance(STEP.multipliedBy(3));
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), -2))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 2))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        String previous = codeAt(e.secret(), -1);
        loginWith(e.user(), Map.of("totp_code", previous)).then().statusCode(200);
        loginWith(e.user(), Map.of("totp_code", previous)).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        // the current step is newer than the previous one that was just used
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 0))).then().statusCode(200);
        // after the current step was used, the previous step is older than the last accepted one
        clock.advance(STEP);
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), -1))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
    }

    @Test
    void aCodeOfTheNextStepIsAcceptedForAClockThatRunsAhead() {
        Enabled e = enabled();
        clock.advance(STEP);
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 1))).then().statusCode(200);
        // its step is now the last one used, so the current step's code is older and refused
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 0))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
    }

    @Test
    void concurrentLoginsWithTheSameCodeSucceedOnlyOnce() throws Exception {
        Enabled e = enabled();
        clock.advance(STEP);
        String code = codeAt(e.secret(), 0);
        int n = 4;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Response>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Response> attempt = () -> {
                    start.await();
                    return loginWith(e.user(), Map.of("totp_code", code));
                };
                answers.add(pool.submit(attempt));
            }
            start.countDown();
            int ok = 0;
            for (Future<Response> f : answers) {
                Response r = f.get();
                if (r.statusCode() == 200) {
                    ok++;
                } else {
                    r.then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
                }
            }
            assertEquals(1, ok, "exactly one login may use the code");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachRecoveryCodeWorksExactlyOnce() throws Exception {
        Enabled e = enabled();
        List<String> codes = e.recoveryCodes();
        for (int i = 0; i < codes.size(); i++) {
            String c = codes.get(i);
            // typed loosely: upper case or without the dash
            String typed = i % 2 == 0 ? c : c.toUpperCase(Locale.ROOT).replace("-", "");
            loginWith(e.user(), Map.of("recovery_code", typed)).then().statusCode(200);
            loginWith(e.user(), Map.of("recovery_code", c)).then().statusCode(401)
                    .body("code", equalTo("TOTP_INVALID"));
        }
        loginWith(e.user(), Map.of("recovery_code", "aaaaa-aaaaa")).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        assertEquals(10, usedRecoveryCodes(e.user().id()));
        // one-time codes still work once every recovery code is spent
        clock.advance(STEP);
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 0))).then().statusCode(200);
    }

    @Test
    void aRecoveryCodeOfAnotherAccountIsRefused() {
        Enabled alice = enabled();
        Enabled bob = enabled();
        loginWith(alice.user(), Map.of("recovery_code", bob.recoveryCodes().get(0))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        loginWith(bob.user(), Map.of("recovery_code", bob.recoveryCodes().get(0))).then().statusCode(200);
    }

    @Test
    void aRecoveryCodeInTheOneTimeCodeFieldIsRefused() {
        Enabled e = enabled();
        loginWith(e.user(), Map.of("totp_code", e.recoveryCodes().get(0))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        loginWith(e.user(), Map.of("recovery_code", e.recoveryCodes().get(0))).then().statusCode(200);
    }

    @Test
    void enrollingAgainAfterDisablingReplacesTheSecretAndTheRecoveryCodes() {
        Enabled first = enabled();
        disable(first.user(), Map.of("code", first.recoveryCodes().get(9))).then().statusCode(204);
        String secret = enrol(first.user());
        confirm(first.user(), codeAt(secret, 0)).then().statusCode(200);
        loginWith(first.user(), Map.of("recovery_code", first.recoveryCodes().get(0))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        clock.advance(STEP);
        loginWith(first.user(), Map.of("totp_code", codeAt(first.secret(), 0))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        loginWith(first.user(), Map.of("totp_code", codeAt(secret, 0))).then().statusCode(200);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // QR code
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void theQrCodeDecodesToThePendingOtpauthUri() throws Exception {
        TestUser u = verifiedSignup();
        bearer(u.accessToken()).post(TOTP).then().statusCode(200);
        String uri = bearer(u.accessToken()).post(TOTP).then().statusCode(200).extract().path("otpauth_uri");
        Response r = bearer(u.accessToken()).get(TOTP + "/qr.png");
        r.then().statusCode(200).contentType("image/png").header("Cache-Control", containsString("no-store"));
        byte[] png = r.asByteArray();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image.getWidth() >= 200, "big enough to scan: " + image.getWidth());
        String decoded = QrPngTest.decode(image);
        assertEquals(uri, decoded, "the QR code of the newest pending enrolment");
    }

    @Test
    void theQrCodeIsNotFoundWhenNothingIsPending() {
        TestUser u = verifiedSignup();
        bearer(u.accessToken()).get(TOTP + "/qr.png").then().statusCode(404).contentType("application/problem+json")
                .body("code", equalTo("NOT_FOUND"));
        String secret = enrol(u);
        bearer(u.accessToken()).get(TOTP + "/qr.png").then().statusCode(200);
        confirm(u, codeAt(secret, 0)).then().statusCode(200);
        bearer(u.accessToken()).get(TOTP + "/qr.png").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Disabling
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void disablingWithAOneTimeCodeTurnsTwoFactorOff() {
        Enabled e = enabled();
        clock.advance(STEP);
        disable(e.user(), Map.of("code", codeAt(e.secret(), 0))).then().statusCode(204);
        assertDisabled(e);
    }

    @Test
    void disablingWithThePasswordAloneIsRefused() {
        Enabled e = enabled();
        disable(e.user(), Map.of("password", PASSWORD)).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        bearer(e.user().accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(true));
    }

    @Test
    void disablingWithARecoveryCodeTurnsTwoFactorOff() {
        Enabled e = enabled();
        disable(e.user(), Map.of("code", e.recoveryCodes().get(3))).then().statusCode(204);
        assertDisabled(e);
    }

    private void assertDisabled(Enabled e) {
        bearer(e.user().accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(false));
        loginWith(e.user(), Map.of()).then().statusCode(200);
        bearer(e.user().accessToken()).get("/api/v1/account/history").then()
                .body("items.event_type", hasItem("totp_disabled"));
        assertEquals(List.of("two-factor enabled", "two-factor disabled"), securityChanges.of(e.user().id()));
        try {
            assertNull(userColumn(e.user().id(), "totp_secret"));
            assertEquals(0, recoveryCodeHashes(e.user().id()).size());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }

    @Test
    void disablingWithAWrongOrReplayedCodeIsTotpInvalid() {
        Enabled e = enabled();
        disable(e.user(), Map.of("code", wrongCode(e.secret()))).then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("TOTP_INVALID"));
        // the confirming code was spent
        disable(e.user(), Map.of("code", codeAt(e.secret(), 0))).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
        disable(e.user(), Map.of("code", "aaaaa-aaaaa")).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        bearer(e.user().accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(true));
    }

    @Test
    void disablingNeedsACode() {
        Enabled e = enabled();
        for (Map<String, Object> body : List.<Map<String, Object>>of(Map.of(), Map.of("code", ""),
                Map.of("code", "   ", "password", ""), nulls("code", "password"), Map.of("password", PASSWORD))) {
            disable(e.user(), body).then().statusCode(400).contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
        bearer(e.user().accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(true));
    }

    @Test
    void disablingWhenTwoFactorIsOffIsAConflict() {
        TestUser u = verifiedSignup();
        disable(u, Map.of("code", "123456")).then().statusCode(409).contentType("application/problem+json")
                .body("code", equalTo("CONFLICT"));
        enrol(u); // pending only
        disable(u, Map.of("code", "123456")).then().statusCode(409).body("code", equalTo("CONFLICT"));
    }

    @Test
    void wrongProofsWhenDisablingCountTowardTheLoginLock() {
        Enabled e = enabled();
        for (int i = 0; i < 5; i++) {
            disable(e.user(), Map.of("code", wrongCode(e.secret()))).then().statusCode(401);
            loginWith(e.user(), Map.of("totp_code", wrongCode(e.secret()))).then().statusCode(401);
        }
        clock.advance(STEP);
        loginWith(e.user(), Map.of("totp_code", codeAt(e.secret(), 0))).then().statusCode(429)
                .header("Retry-After", org.hamcrest.Matchers.notNullValue()).body("code", equalTo("RATE_LIMITED"));
        disable(e.user(), Map.of("code", codeAt(e.secret(), 0))).then().statusCode(429)
                .body("code", equalTo("RATE_LIMITED"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Authentication and bad input
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointNeedsABearerToken() {
        json().post(TOTP).then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
        json().get(TOTP + "/qr.png").then().statusCode(401).contentType("application/problem+json")
                .body("code", equalTo("TOKEN_MISSING"));
        json().body(Map.of("code", "123456")).post(TOTP + "/confirm").then().statusCode(401)
                .body("code", equalTo("TOKEN_MISSING"));
        json().body(Map.of("password", PASSWORD)).delete(TOTP).then().statusCode(401)
                .body("code", equalTo("TOKEN_MISSING"));
        json().header("Authorization", "Bearer not.a.token").post(TOTP).then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void badConfirmBodiesAreValidationFailures() {
        TestUser u = verifiedSignup();
        String secret = enrol(u);
        String[] bodies = {"{", "not json", "[]", "\"123456\"", "{\"code\": 123456}", "{\"code\": [\"123456\"]}",
            "{\"code\": {\"a\": 1}}", "{\"code\": true}", "{\"code\": null}", "{}", "{\"code\": \"\"}",
            "{\"code\": \"" + "1".repeat(17) + "\"}", "{\"code\": \"" + "1".repeat(10_000) + "\"}",
            "{\"code\": \"123456\", \"code\": \"654321\"}"};
        for (String body : bodies) {
            assertValidationFailed(bearer(u.accessToken()).body(body).post(TOTP + "/confirm"), body);
        }
        bearer(u.accessToken()).post(TOTP + "/confirm").then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        // over the HTTP body limit (64K): refused before our code runs
        bearer(u.accessToken()).body("{\"code\": \"" + "1".repeat(100_000) + "\"}").post(TOTP + "/confirm").then().statusCode(413);
        given().header("Authorization", "Bearer " + u.accessToken()).contentType("text/plain").body("123456")
                .post(TOTP + "/confirm").then().statusCode(415).body("code", equalTo("VALIDATION_FAILED"));
        bearer(u.accessToken()).body("{\"code\": 123456}").post(TOTP + "/confirm").then().body("errors.field", hasItem("code"));
        // none of that used up the enrolment
        confirm(u, codeAt(secret, 0)).then().statusCode(200);
    }

    @Test
    void badDisableBodiesAreValidationFailures() {
        Enabled e = enabled();
        TestUser u = e.user();
        String[] bodies = {"{", "[]", "null", "{\"code\": 123456}", "{\"password\": 12345678}", "{\"password\": true}",
            "{\"code\": [\"a\"]}", "{\"code\": \"" + "1".repeat(65) + "\"}",
            "{\"password\": \"" + "p".repeat(1025) + "\"}", "{\"password\": \"a\", \"password\": \"b\"}"};
        for (String body : bodies) {
            assertValidationFailed(bearer(u.accessToken()).body(body).delete(TOTP), body);
        }
        bearer(u.accessToken()).delete(TOTP).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        given().header("Authorization", "Bearer " + u.accessToken()).contentType("text/plain").body("x")
                .delete(TOTP).then().statusCode(415).body("code", equalTo("VALIDATION_FAILED"));
        bearer(u.accessToken()).get("/api/v1/account").then().body("totp_enabled", equalTo(true));
    }

    @Test
    void badLoginCodesAreRefusedWithoutAServerError() {
        Enabled e = enabled();
        loginWith(e.user(), Map.of("totp_code", "1".repeat(17))).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        loginWith(e.user(), Map.of("recovery_code", "a".repeat(65))).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        loginWith(e.user(), Map.of("totp_code", 123456)).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        loginWith(e.user(), Map.of("totp_code", "١٢٣٤٥٦")).then().statusCode(401).body("code", equalTo("TOTP_INVALID"));
        loginWith(e.user(), Map.of("recovery_code", "'; drop table users; --")).then().statusCode(401)
                .body("code", equalTo("TOTP_INVALID"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    private static void assertValidationFailed(Response r, String body) {
        String what = body.length() > 60 ? body.substring(0, 60) + "..." : body;
        assertEquals(400, r.statusCode(), what);
        assertEquals("application/problem+json", r.contentType(), what);
        assertEquals("VALIDATION_FAILED", r.path("code"), what);
    }

    record Enabled(TestUser user, String secret, List<String> recoveryCodes) {
    }

    /** A new user with two-factor on; the code that confirmed it was of the clock's current step. */
    private Enabled enabled() {
        TestUser u = verifiedSignup();
        String secret = enrol(u);
        List<String> codes = confirm(u, codeAt(secret, 0)).then().statusCode(200).extract().path("recovery_codes");
        return new Enabled(u, secret, codes);
    }

    private static String enrol(TestUser u) {
        return bearer(u.accessToken()).post(TOTP).then().statusCode(200).extract().path("secret");
    }

    private static Response confirm(TestUser u, String code) {
        return bearer(u.accessToken()).body(Map.of("code", code)).post(TOTP + "/confirm");
    }

    private static Response disable(TestUser u, Map<String, ?> body) {
        return bearer(u.accessToken()).body(body).delete(TOTP);
    }

    private static Response loginWith(TestUser u, Map<String, ?> extra) {
        return login(u.username(), PASSWORD, extra);
    }

    private static Response login(String login, String password, Map<String, ?> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("login", login);
        body.put("password", password);
        return json().body(body).post("/api/v1/auth/login");
    }

    private static Map<String, Object> nulls(String... keys) {
        Map<String, Object> m = new HashMap<>();
        for (String k : keys) {
            m.put(k, null);
        }
        return m;
    }

    /** The code of the step {@code stepsFromNow} away from the service's clock. */
    private String codeAt(String base32Secret, int stepsFromNow) {
        return IndependentTotp.code(base32Secret, clock.instant().plus(STEP.multipliedBy(stepsFromNow)));
    }

    /** A well-formed code that matches no step the service would look at now. */
    private String wrongCode(String secret) {
        List<String> window = List.of(codeAt(secret, -1), codeAt(secret, 0), codeAt(secret, 1));
        for (int i = 0;; i++) {
            String c = String.format("%06d", (123457 + i * 7919) % 1_000_000);
            if (!window.contains(c)) {
                return c;
            }
        }
    }

    private String userColumn(String userId, String column) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT " + column + " FROM users WHERE id = ?")) {
            ps.setObject(1, UUID.fromString(userId));
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private List<byte[]> recoveryCodeHashes(String userId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT code_hash FROM recovery_codes WHERE user_id = ?")) {
            ps.setObject(1, UUID.fromString(userId));
            List<byte[]> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getBytes(1));
                }
            }
            return out;
        }
    }

    private int usedRecoveryCodes(String userId) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NOT NULL")) {
            ps.setObject(1, UUID.fromString(userId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void theIndependentTotpMatchesTheRfcVector() {
        // RFC 6238 Appendix B, SHA-1 at T = 59: 94287082, of which an app shows the last six digits
        String seed = new Base32().encodeAsString("12345678901234567890".getBytes(StandardCharsets.US_ASCII));
        assertEquals("287082", IndependentTotp.code(seed, Instant.ofEpochSecond(59)));
    }

}
