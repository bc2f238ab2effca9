package io.cinema.auth.email;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * An email change stays pending until the new address's link is used: a stolen session or a typo cannot move the
 * account's mail (reset links, notices) to another address. Every verification mail counts toward the mail limits.
 */
@QuarkusTest
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
class PendingEmailTest {

    static final String VERIFY = "/api/v1/auth/email/verify";

    /** A user whose signup address was verified through its real mail link. */
    static TestUser verifiedByMail() {
        TestUser u = signup();
        String token = Mailbox.await(u.email(), "Confirm your email address").token();
        json().body(Map.of("token", token)).post(VERIFY).then().statusCode(204);
        return u;
    }

    static Response changeEmail(TestUser u, String email) {
        return bearer(u.accessToken()).body(Map.of("email", email, "current_password", PASSWORD))
                .patch("/api/v1/account");
    }

    @Test
    void aChangeStaysPendingAndTheOldAddressKeepsResetMailsUntilTheNewLinkIsUsed() {
        TestUser u = verifiedByMail();
        String next = uniqueName("next") + "@example.com";
        changeEmail(u, next).then().statusCode(200).body("email", equalTo(u.email()))
                .body("email_verified", equalTo(true)).body("pending_email", equalTo(next));
        Mailbox.await(u.email(), "A change of your email address was requested");
        String link = Mailbox.await(next, "Confirm your email address").token();

        // until then the account, its logins and its reset mails stay with the old address
        login(u.email(), PASSWORD).then().statusCode(200);
        json().body(Map.of("email", next)).post("/api/v1/auth/password/forgot").then().statusCode(202);
        json().body(Map.of("email", u.email())).post("/api/v1/auth/password/forgot").then().statusCode(202);
        String oldReset = Mailbox.await(u.email(), "Reset your password").token();
        Mailbox.assertNothingMoreArrives(next, 1, Duration.ofSeconds(2));

        json().body(Map.of("token", link)).post(VERIFY).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email", equalTo(next))
                .body("email_verified", equalTo(true)).body("pending_email", nullValue());
        Mailbox.await(u.email(), "Your email address was changed");
        // what was mailed to the old address is void now
        json().body(Map.of("token", oldReset, "new_password", "a new passphrase here")).post(
                "/api/v1/auth/password/reset").then().statusCode(400);
        login(next, PASSWORD).then().statusCode(200);
    }

    @Test
    void aNewerChangeReplacesThePendingOneAndVoidsItsLink() {
        TestUser u = verifiedByMail();
        String first = uniqueName("first") + "@example.com";
        String second = uniqueName("second") + "@example.com";
        changeEmail(u, first).then().statusCode(200);
        String firstLink = Mailbox.await(first, "Confirm your email address").token();
        changeEmail(u, second).then().statusCode(200).body("pending_email", equalTo(second));
        json().body(Map.of("token", firstLink)).post(VERIFY).then().statusCode(400);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email", equalTo(u.email()));
        json().body(Map.of("token", Mailbox.await(second, "Confirm your email address").token())).post(VERIFY).then()
                .statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email", equalTo(second));
    }

    @Test
    void aPendingAddressReservesNothingAndIsTakenIfAnotherAccountProvesItFirst() {
        TestUser u = verifiedByMail();
        String contested = uniqueName("contested") + "@example.com";
        changeEmail(u, contested).then().statusCode(200);
        String link = Mailbox.await(contested, "Confirm your email address").token();
        String other = uniqueName("other");
        json().body(Map.of("username", other, "email", contested, "password", PASSWORD)).post("/api/v1/auth/signup")
                .then().statusCode(201);
        json().body(Map.of("token", link)).post(VERIFY).then().statusCode(409).body("code", equalTo("EMAIL_TAKEN"));
        bearer(u.accessToken()).get("/api/v1/account").then().body("email", equalTo(u.email()));
    }

    @Test
    void anAddressThatAnotherAccountHasIsTakenAtOnce() {
        TestUser u = verifiedByMail();
        TestUser other = signup();
        changeEmail(u, other.email().toUpperCase()).then().statusCode(409).body("code", equalTo("EMAIL_TAKEN"));
    }

    @Test
    void twelveChangesBackAndForthMailTheVictimAtMostFiveTimes() {
        TestUser attacker = verifiedByMail();
        String victim = uniqueName("victim") + "@example.com";
        for (int i = 0; i < 12; i++) {
            if (i % 4 == 3) {
                // the checks of current_password count toward the lock; a login (a token pair) resets that count
                login(attacker.username(), PASSWORD).then().statusCode(200);
            }
            changeEmail(attacker, victim).then().statusCode(200);
            changeEmail(attacker, attacker.email()).then().statusCode(200);
        }
        Mailbox.assertNothingMoreArrives(victim, 5, Duration.ofSeconds(3));
        assertEquals(5, Mailbox.to(victim).size());
    }

    @Test
    void mailGoesToTheStoredAddressNeverToTheOneTheRequestTyped() {
        TestUser u = verifiedByMail();
        String typed = u.email().toUpperCase();
        json().body(Map.of("email", typed)).post("/api/v1/auth/password/forgot").then().statusCode(202);
        Mailbox.Received mail = Mailbox.await(u.email(), "Reset your password");
        assertTrue(mail.to().contains(u.email()), mail.to());
        assertTrue(!mail.to().contains(typed), mail.to());
    }
}
