package io.cinema.auth.email;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.account.User;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Crypto;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
class EmailVerificationResourceTest {

    static final String VERIFY = "/api/v1/auth/email/verify";
    static final String RESEND = "/api/v1/account/email/verification";

    @Inject
    MailTokenCleanup cleanup;

    @Test
    void verificationMailArrivesAfterSignupAndItsTokenVerifiesOnce() {
        try (LogCapture logs = LogCapture.start()) {
            TestUser u = signup();
            Mailbox.Received mail = Mailbox.await(u.email(), "Confirm your email address");
            assertEquals("no-reply@localhost", mail.from());
            assertTrue(mail.body().contains("https://auth.test.cinema/verify-email#token=" + mail.token()), mail.body());
            assertTrue(mail.body().contains(u.username()));
            assertTrue(mail.body().contains("expires in 1 day"), mail.body());
            String token = mail.token();

            json().body(Map.of("token", token)).post(VERIFY).then().statusCode(204);
            bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200).body("email_verified", equalTo(true));
            bearer(u.accessToken()).get("/api/v1/account/history").then().statusCode(200)
                    .body("items.event_type", hasItem("email_verified"));

            json().body(Map.of("token", token)).post(VERIFY).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors[0].field", equalTo("token"));

            logs.assertSomeLineContains("verified its email address");
            logs.assertNowhere(token);
        }
    }

    @Test
    void tokensHaveTwoHundredFiftySixRandomBitsAndAreStoredOnlyAsTheirHash() {
        TestUser u = signup();
        String token = Mailbox.await(u.email(), "Confirm").token();
        assertEquals(32, Crypto.fromBase64Url(token).length);
        QuarkusTransaction.requiringNew().run(() -> {
            List<MailToken> rows = MailToken.list("userId", UUID.fromString(u.id()));
            assertEquals(1, rows.size());
            MailToken row = rows.get(0);
            assertTrue(Arrays.equals(Crypto.sha256(token), row.tokenHash));
            assertEquals("verify", row.purpose);
            assertEquals(u.email(), row.email);
            assertNull(row.usedAt);
            assertEquals(Duration.ofDays(1), Duration.between(row.createdAt, row.expiresAt));
            assertFalse(row.toString().contains(token));
        });
    }

    @Test
    void verifyRefusesUnknownTokensAndBadInput() {
        String unknown = Crypto.base64Url(new byte[32]);
        problem(json().body(Map.of("token", unknown)).post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("token", "")).post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("token", " ")).post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of()).post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body("{\"token\": 12345}").post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body("{\"token\": [\"a\"]}").post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body("{\"token\": \"a\", \"token\": \"b\"}").post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body("{\"token\": ").post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body("null").post(VERIFY), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("token", "x".repeat(10_000))).post(VERIFY), 400, "VALIDATION_FAILED");
        given().contentType(ContentType.TEXT).body("token").post(VERIFY).then()
                .statusCode(org.hamcrest.Matchers.anyOf(equalTo(400), equalTo(415)))
                .contentType("application/problem+json");
    }

    @Test
    void anExpiredVerificationTokenIsRefusedAndVerifiesNothing() {
        TestUser u = signup();
        String token = Mailbox.await(u.email(), "Confirm").token();
        QuarkusTransaction.requiringNew().run(() -> MailToken.update("expiresAt = ?1 where userId = ?2",
                Instant.now().minusSeconds(1), UUID.fromString(u.id())));
        problem(json().body(Map.of("token", token)).post(VERIFY), 400, "VALIDATION_FAILED");
        bearer(u.accessToken()).get("/api/v1/account").then().body("email_verified", equalTo(false));
    }

    @Test
    void anEmailChangeMailsTheNewAddressAVerificationAndTheOldOneNoticesWithoutToken() {
        TestUser u = signup();
        json().body(Map.of("token", Mailbox.await(u.email(), "Confirm").token())).post(VERIFY).then().statusCode(204);
        String newEmail = uniqueName("moved") + "@example.org";

        bearer(u.accessToken()).body(Map.of("email", newEmail, "current_password", PASSWORD))
                .patch("/api/v1/account").then().statusCode(200)
                .body("email", equalTo(u.email())).body("email_verified", equalTo(true))
                .body("pending_email", equalTo(newEmail));

        Mailbox.Received requested = Mailbox.await(u.email(), "A change of your email address was requested");
        assertFalse(requested.carriesAToken(), requested.body());
        assertTrue(requested.body().contains("***@example.org"), requested.body());
        String token = Mailbox.await(newEmail, "Confirm").token();
        json().body(Map.of("token", token)).post(VERIFY).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email", equalTo(newEmail))
                .body("email_verified", equalTo(true));
        Mailbox.Received notice = Mailbox.await(u.email(), "Your email address was changed");
        assertFalse(notice.carriesAToken(), notice.body());
    }

    @Test
    void aVerificationTokenMailedToTheOldAddressIsVoidOnceTheNewAddressIsProven() {
        TestUser u = signup();
        String oldToken = Mailbox.await(u.email(), "Confirm").token();
        String newEmail = uniqueName("moved") + "@example.org";
        bearer(u.accessToken()).body(Map.of("email", newEmail, "current_password", PASSWORD))
                .patch("/api/v1/account").then().statusCode(200);
        json().body(Map.of("token", Mailbox.await(newEmail, "Confirm").token())).post(VERIFY).then().statusCode(204);

        problem(json().body(Map.of("token", oldToken)).post(VERIFY), 400, "VALIDATION_FAILED");
        bearer(u.accessToken()).get("/api/v1/account").then().body("email", equalTo(newEmail));
        // the old address was never verified: it gets no notice
        Mailbox.assertNothingMoreArrives(u.email(), 1, Duration.ofMillis(500));
    }

    @Test
    void aTokenStillBoundToTheAddressSurvivesAChangeOfLetterCaseOnly() {
        TestUser u = signup();
        String token = Mailbox.await(u.email(), "Confirm").token();
        bearer(u.accessToken()).body(Map.of("email", u.email().toUpperCase(), "current_password", PASSWORD))
                .patch("/api/v1/account").then().statusCode(200);
        json().body(Map.of("token", token)).post(VERIFY).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email_verified", equalTo(true));
    }

    @Test
    void resendMailsANewWorkingVerificationLink() {
        TestUser u = signup();
        String first = Mailbox.await(u.email(), "Confirm").token();
        bearer(u.accessToken()).post(RESEND).then().statusCode(202);
        String second = Mailbox.await(u.email(), "Confirm", 2).token();
        assertNotEquals(first, second);
        json().body(Map.of("token", second)).post(VERIFY).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email_verified", equalTo(true));
    }

    @Test
    void resendIsAConflictOnceTheEmailIsVerified() {
        TestUser u = signup();
        json().body(Map.of("token", Mailbox.await(u.email(), "Confirm").token())).post(VERIFY).then().statusCode(204);
        problem(bearer(u.accessToken()).post(RESEND), 409, "CONFLICT");
        Mailbox.assertNothingMoreArrives(u.email(), 1, Duration.ofMillis(300));
    }

    @Test
    void resendIsAConflictForAnAccountWithoutEmail() {
        TestUser u = signup();
        Mailbox.await(u.email(), "Confirm");
        QuarkusTransaction.requiringNew().run(() -> User.update("email = null where id = ?1", UUID.fromString(u.id())));
        problem(bearer(u.accessToken()).post(RESEND), 409, "CONFLICT");
    }

    @Test
    void resendNeedsAValidBearerToken() {
        problem(json().post(RESEND), 401, "TOKEN_MISSING");
        problem(json().header("Authorization", "Bearer garbage").post(RESEND), 401, "TOKEN_INVALID");
        TestUser u = signup();
        json().header("Authorization", "Bearer " + u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        problem(bearer(u.accessToken()).post(RESEND), 401, "TOKEN_REVOKED");
    }

    @Test
    void resendIsLimitedPerAddressAndTheSignupMailCounts() {
        TestUser u = signup();
        for (int i = 0; i < 4; i++) {
            bearer(u.accessToken()).post(RESEND).then().statusCode(202);
        }
        problem(bearer(u.accessToken()).post(RESEND), 429, "RATE_LIMITED").header("Retry-After", notNullValue());
    }

    @Test
    void aPasswordChangeSendsANoticeWithoutTokenToAVerifiedAddressOnly() {
        TestUser verified = signup();
        json().body(Map.of("token", Mailbox.await(verified.email(), "Confirm").token())).post(VERIFY).then()
                .statusCode(204);
        TestUser unverified = signup();
        Mailbox.await(unverified.email(), "Confirm");
        for (TestUser u : List.of(verified, unverified)) {
            bearer(u.accessToken()).body(Map.of("current_password", PASSWORD, "new_password", "another fine passphrase"))
                    .put("/api/v1/account/password").then().statusCode(204);
        }
        Mailbox.Received notice = Mailbox.await(verified.email(), "A security setting of your account changed");
        assertTrue(notice.body().contains("password"), notice.body());
        assertFalse(notice.carriesAToken(), notice.body());
        Mailbox.assertNothingMoreArrives(unverified.email(), 1, Duration.ofMillis(500));
    }

    @Test
    void cleanupDeletesExpiredAndUsedTokensAndKeepsLiveOnes() {
        TestUser u = signup();
        UUID id = UUID.fromString(u.id());
        String used = Mailbox.await(u.email(), "Confirm").token();
        bearer(u.accessToken()).post(RESEND).then().statusCode(202);
        String expired = Mailbox.await(u.email(), "Confirm", 2).token();
        bearer(u.accessToken()).post(RESEND).then().statusCode(202);
        String live = Mailbox.await(u.email(), "Confirm", 3).token();
        json().body(Map.of("token", used)).post(VERIFY).then().statusCode(204);
        QuarkusTransaction.requiringNew().run(() -> MailToken.update("expiresAt = ?1 where tokenHash = ?2",
                Instant.now().minusSeconds(1), Crypto.sha256(expired)));

        assertTrue(cleanup.purge() >= 2);

        QuarkusTransaction.requiringNew().run(() -> {
            assertNull(MailToken.findByValue(used));
            assertNull(MailToken.findByValue(expired));
            assertNotNull(MailToken.findByValue(live));
            assertEquals(1, MailToken.count("userId", id));
        });
    }

    static io.restassured.response.ValidatableResponse problem(io.restassured.response.Response r, int status,
            String code) {
        return r.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }
}
