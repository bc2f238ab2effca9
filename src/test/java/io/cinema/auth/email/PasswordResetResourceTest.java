package io.cinema.auth.email;

import static io.cinema.auth.email.EmailVerificationResourceTest.VERIFY;
import static io.cinema.auth.email.EmailVerificationResourceTest.problem;
import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cinema.auth.account.User;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Crypto;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class PasswordResetResourceTest {

    @jakarta.inject.Inject
    io.cinema.auth.support.TestClock clock;

    @org.junit.jupiter.api.AfterEach
    void resetTheClock() {
        clock.reset();
    }

    static final String FORGOT = "/api/v1/auth/password/forgot";
    static final String RESET = "/api/v1/auth/password/reset";
    static final String NEW_PASSWORD = "a brand new passphrase 42";

    @Test
    void aResetByMailWorksOnceEndsEverySessionAndSendsANotice() {
        try (LogCapture logs = LogCapture.start()) {
            TestUser u = signup();
            Mailbox.await(u.email(), "Confirm");
            Response other = login(u.username(), PASSWORD);
            other.then().statusCode(200);

            json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
            Mailbox.Received mail = Mailbox.await(u.email(), "Reset your password");
            String token = mail.token();
            assertTrue(mail.body().contains("https://auth.test.cinema/reset-password#token=" + token), mail.body());
            assertTrue(mail.body().contains("expires in 30 minutes"), mail.body());

            reset(token, NEW_PASSWORD).then().statusCode(204);

            for (String refresh : new String[] {u.refreshToken(), other.path("refresh_token")}) {
                problem(json().body(Map.of("refresh_token", refresh)).post("/api/v1/auth/refresh"), 401,
                        "TOKEN_REVOKED");
            }
            for (String access : new String[] {u.accessToken(), other.path("access_token")}) {
                problem(bearer(access).get("/api/v1/account"), 401, "TOKEN_REVOKED");
            }
            problem(login(u.username(), PASSWORD), 401, "INVALID_CREDENTIALS");
            String fresh = login(u.email(), NEW_PASSWORD).then().statusCode(200).extract().path("access_token");
            bearer(fresh).get("/api/v1/account").then().statusCode(200).body("email_verified", equalTo(true));
            bearer(fresh).get("/api/v1/account/history").then().body("items.event_type", hasItem("password_reset"));

            problem(reset(token, "yet another passphrase 7"), 400, "VALIDATION_FAILED");
            login(u.email(), NEW_PASSWORD).then().statusCode(200);

            Mailbox.Received notice = Mailbox.await(u.email(), "Your password was reset");
            assertFalse(notice.carriesAToken(), notice.body());

            logs.assertSomeLineContains("reset by mail");
            logs.assertNowhere(token);
        }
    }

    @Test
    void forgotForAnUnknownAddressAnswersExactlyLikeAKnownOneAndSendsNothing() {
        TestUser u = signup();
        Mailbox.await(u.email(), "Confirm");
        String unknown = uniqueName("nobody") + "@example.com";

        Response known = json().body(Map.of("email", u.email())).post(FORGOT);
        Response absent = json().body(Map.of("email", unknown)).post(FORGOT);

        assertEquals(202, known.statusCode());
        assertEquals(known.statusCode(), absent.statusCode());
        assertEquals(known.body().asString(), absent.body().asString());
        assertEquals(headersWithoutDate(known), headersWithoutDate(absent));
        Mailbox.await(u.email(), "Reset your password");
        Mailbox.assertNothingMoreArrives(unknown, 0, Duration.ofSeconds(1));
        QuarkusTransaction.requiringNew().run(() -> assertEquals(0, MailToken.count("lower(email)", unknown)));
    }

    @Test
    void aDisabledAccountGetsNoResetMail() {
        TestUser u = signup();
        Mailbox.await(u.email(), "Confirm");
        QuarkusTransaction.requiringNew().run(() -> User.update("active = false where id = ?1", UUID.fromString(u.id())));
        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        Mailbox.assertNothingMoreArrives(u.email(), 1, Duration.ofSeconds(1));
    }

    @Test
    void forgotFindsTheAccountWhateverTheLetterCase() {
        TestUser u = signup();
        json().body(Map.of("email", "  " + u.email().toUpperCase() + " ")).post(FORGOT).then().statusCode(202);
        Mailbox.await(u.email(), "Reset your password");
    }

    @Test
    void aNewResetMailVoidsTheOlderLinks() {
        TestUser u = signup();
        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        String first = Mailbox.await(u.email(), "Reset your password").token();
        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        String second = Mailbox.await(u.email(), "Reset your password", 2).token();

        problem(reset(first, NEW_PASSWORD), 400, "VALIDATION_FAILED");
        reset(second, NEW_PASSWORD).then().statusCode(204);
    }

    @Test
    void aResetLinkMailedBeforeAnEmailChangeNoLongerWorksOnceTheNewAddressIsProven() {
        TestUser u = signup();
        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        String token = Mailbox.await(u.email(), "Reset your password").token();
        String newEmail = uniqueName("moved") + "@example.org";
        bearer(u.accessToken()).body(Map.of("email", newEmail, "current_password", PASSWORD))
                .patch("/api/v1/account").then().statusCode(200);
        json().body(Map.of("token", Mailbox.await(newEmail, "Confirm").token())).post("/api/v1/auth/email/verify")
                .then().statusCode(204);

        problem(reset(token, NEW_PASSWORD), 400, "VALIDATION_FAILED");
        login(u.username(), PASSWORD).then().statusCode(200);
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200).body("email", equalTo(newEmail));
    }

    @Test
    void aRefusedNewPasswordLeavesTheTokenUsable() {
        TestUser u = signup();
        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        String token = Mailbox.await(u.email(), "Reset your password").token();

        problem(reset(token, "password"), 400, "VALIDATION_FAILED").body("errors[0].field", equalTo("new_password"));
        problem(reset(token, "short"), 400, "VALIDATION_FAILED").body("errors[0].field", equalTo("new_password"));
        problem(reset(token, "x".repeat(129)), 400, "VALIDATION_FAILED").body("errors[0].field",
                equalTo("new_password"));
        login(u.username(), PASSWORD).then().statusCode(200);

        reset(token, NEW_PASSWORD).then().statusCode(204);
        login(u.username(), NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void aResetLiftsTheBruteForceLockOnUsernameAndEmail() {
        TestUser u = signup();
        for (int i = 0; i < 5; i++) {
            // the username and the email share the account's one count
            login(u.username(), "wrong password " + i).then().statusCode(401);
            login(u.email(), "wrong password " + i).then().statusCode(401);
        }
        problem(login(u.username(), PASSWORD), 429, "RATE_LIMITED");
        problem(login(u.email(), PASSWORD), 429, "RATE_LIMITED");

        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        reset(Mailbox.await(u.email(), "Reset your password").token(), NEW_PASSWORD).then().statusCode(204);

        login(u.username(), NEW_PASSWORD).then().statusCode(200);
        login(u.email(), NEW_PASSWORD).then().statusCode(200);
    }

    @Test
    void tokensOfOnePurposeDoNotServeTheOther() {
        TestUser u = signup();
        String verifyToken = Mailbox.await(u.email(), "Confirm").token();
        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        String resetToken = Mailbox.await(u.email(), "Reset your password").token();

        problem(reset(verifyToken, NEW_PASSWORD), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("token", resetToken)).post(VERIFY), 400, "VALIDATION_FAILED");
        login(u.username(), PASSWORD).then().statusCode(200);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email_verified", equalTo(false));
    }

    @Test
    void anExpiredResetTokenIsRefused() {
        TestUser u = signup();
        json().body(Map.of("email", u.email())).post(FORGOT).then().statusCode(202);
        String token = Mailbox.await(u.email(), "Reset your password").token();
        QuarkusTransaction.requiringNew().run(() -> MailToken.update("expiresAt = ?1 where tokenHash = ?2",
                java.time.Instant.now().minusSeconds(1), Crypto.sha256(token)));
        problem(reset(token, NEW_PASSWORD), 400, "VALIDATION_FAILED");
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void resetRefusesUnknownTokensAndBadInput() {
        String unknown = Crypto.base64Url(new byte[32]);
        problem(reset(unknown, NEW_PASSWORD), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("new_password", NEW_PASSWORD)).post(RESET), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("token", unknown)).post(RESET), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("token", "", "new_password", NEW_PASSWORD)).post(RESET), 400, "VALIDATION_FAILED");
        problem(json().body("{\"token\": 1, \"new_password\": 2}").post(RESET), 400, "VALIDATION_FAILED");
        problem(json().body("{\"token\": \"a\", \"new_password\": {}}").post(RESET), 400, "VALIDATION_FAILED");
        problem(json().body("{\"token\": \"a\",").post(RESET), 400, "VALIDATION_FAILED");
        problem(json().body("[]").post(RESET), 400, "VALIDATION_FAILED");
        problem(reset("t".repeat(5000), NEW_PASSWORD), 400, "VALIDATION_FAILED");
        problem(reset(unknown, "p".repeat(5000)), 400, "VALIDATION_FAILED");
        Map<String, Object> extra = new HashMap<>(Map.of("token", unknown, "new_password", NEW_PASSWORD));
        extra.put("unexpected", true);
        problem(json().body(extra).post(RESET), 400, "VALIDATION_FAILED");
    }

    @Test
    void forgotRefusesMalformedAddressesAndBadInput() {
        problem(json().body(Map.of("email", "not-an-email")).post(FORGOT), 400, "VALIDATION_FAILED")
                .body("errors[0].field", equalTo("email"));
        problem(json().body(Map.of("email", "a@b")).post(FORGOT), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("email", "")).post(FORGOT), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of()).post(FORGOT), 400, "VALIDATION_FAILED");
        problem(json().body("{\"email\": 5}").post(FORGOT), 400, "VALIDATION_FAILED");
        problem(json().body("{\"email\": ").post(FORGOT), 400, "VALIDATION_FAILED");
        problem(json().body(Map.of("email", "a".repeat(300) + "@example.com")).post(FORGOT), 400,
                "VALIDATION_FAILED");
        // over quarkus.http.limits.max-body-size: refused by the HTTP layer before any of our code runs
        json().body(Map.of("email", "x".repeat(70_000))).post(FORGOT).then().statusCode(413);
    }

    @Test
    void forgotIsLimitedPerAddressAlikeForKnownAndUnknownAddresses() {
        TestUser u = signup();
        // the signup's verification mail counted toward the address's limit; an hour later it has drained
        clock.advance(java.time.Duration.ofHours(1));
        String unknown = uniqueName("nobody") + "@example.com";
        for (String address : new String[] {u.email(), unknown}) {
            for (int i = 0; i < 5; i++) {
                String spelled = i % 2 == 0 ? address : address.toUpperCase();
                json().body(Map.of("email", spelled)).post(FORGOT).then().statusCode(202);
            }
            problem(json().body(Map.of("email", address)).post(FORGOT), 429, "RATE_LIMITED")
                    .header("Retry-After", notNullValue());
        }
    }

    @Test
    void forgotIsLimitedPerClientIp() {
        String ip = randomIp();
        for (int i = 0; i < 30; i++) {
            fromIp(ip).body(Map.of("email", uniqueName("ip") + "@example.com")).post(FORGOT)
                    .then().statusCode(202);
        }
        problem(fromIp(ip).body(Map.of("email", uniqueName("ip") + "@example.com"))
                .post(FORGOT), 429, "RATE_LIMITED").header("Retry-After", notNullValue());
    }

    private static io.restassured.specification.RequestSpecification fromIp(String ip) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", ip);
    }

    static Response reset(String token, String newPassword) {
        return json().body(Map.of("token", token, "new_password", newPassword)).post(RESET);
    }

    private static Map<String, String> headersWithoutDate(Response r) {
        Map<String, String> out = new HashMap<>();
        r.headers().forEach(h -> {
            if (!h.getName().equalsIgnoreCase("Date") && !h.getName().equalsIgnoreCase("X-Request-Id")) {
                out.put(h.getName().toLowerCase(), h.getValue());
            }
        });
        return out;
    }
}
