package io.cinema.auth.page;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.cinema.auth.account.service.PasswordPolicy;
import io.cinema.auth.email.Mailbox;
import io.cinema.auth.page.Chromium.Status;
import io.cinema.auth.social.MockOAuth2Server;
import io.cinema.auth.support.Api;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.IndependentTotp;
import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The hosted pages in a real headless Chromium, in English: the mail links open the pages, which call the API and
 * say what happened in words; every step is done with the keyboard from where the page puts the focus.
 */
@QuarkusTest
@WithTestResource(MockOAuth2Server.class)
class HostedPagesBrowserTest {

    private static Chromium browser;

    @TestHTTPResource("/")
    URL server;
    @Inject
    ServiceConfig service;
    @Inject
    TestClock clock;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start("en");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void screenshotAndResetTheClock(TestInfo test) {
        clock.reset();
        browser.screenshot(getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
    }

    private String page(String path) {
        return server.toString().replaceAll("/$", "") + path;
    }

    /** A fresh document: a mail link opens a new page, never a fragment change of the one already open. */
    private void open(String url) {
        browser.open("about:blank");
        browser.open(url);
    }

    private WebElement waitForFocusOn(String id) {
        return browser.until(() -> id.equals(browser.focused().getAttribute("id")) ? browser.focused() : null,
                "the focus on #" + id);
    }

    @Test
    void theSignupMailsLinkConfirmsTheAddressOnceAndThenSaysTheLinkIsUsed() {
        TestUser u = Api.signup();
        String link = MailLinks.open(Mailbox.await(u.email(), "Confirm your email address"),
                service.effectivePublicUrl(), "/verify-email", server);

        open(link);
        assertEquals("en", browser.driver.findElement(org.openqa.selenium.By.tagName("html")).getAttribute("lang"));
        waitForFocusOn("verify-button").sendKeys(Keys.ENTER);
        Status done = browser.status();
        assertTrue(done.ok(), done.text());
        assertEquals("Your email address is confirmed. You can close this page.", done.text());
        assertEquals("status", browser.focused().getAttribute("id"), "the result takes the focus");
        assertFalse(browser.driver.getCurrentUrl().contains("token"), "the token left the address bar and history");
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200).body("email_verified", equalTo(true));
        browser.screenshot("verify-email-confirmed");

        open(link);
        waitForFocusOn("verify-button").sendKeys(Keys.ENTER);
        Status used = browser.status();
        assertFalse(used.ok());
        assertEquals("This link has already been used, has expired or is no longer valid. "
                + "Ask for a new confirmation mail from your account.", used.text());
        assertFalse(browser.visible("verify-button"), "a spent link offers nothing more to press");
    }

    @Test
    void aVerifyLinkWithoutItsTokenSaysTheLinkIsIncomplete() {
        open(page("/verify-email"));
        Status s = browser.status();
        assertFalse(s.ok());
        assertEquals("This link is incomplete. Open the whole link from the mail again.", s.text());
    }

    @Test
    void theResetMailsLinkRefusesAWeakThenAMismatchedPasswordInWordsThenSetsAGoodOne() {
        TestUser u = Api.signup();
        json().body(Map.of("email", u.email())).post("/api/v1/auth/password/forgot").then().statusCode(202);
        String link = MailLinks.open(Mailbox.await(u.email(), "Reset your password"), service.effectivePublicUrl(),
                "/reset-password", server);
        String weak = "password1";
        assertTrue(PasswordPolicy.isCommon(weak), "the weak example is on the common-password list");
        String good = "a fresh cinema passphrase " + Api.uniqueName("p");

        open(link);
        typeTwice(waitForFocusOn("new-password"), weak, weak);
        Status refused = browser.status();
        assertFalse(refused.ok());
        assertEquals("This password is too common or otherwise not allowed. Choose another one.", refused.text());
        assertEquals("true", browser.byId("new-password").getAttribute("aria-invalid"));
        browser.screenshot("reset-password-weak");

        typeTwice(clearBoth(), good, good + "!");
        assertEquals("The two passwords differ. Type the same password twice.", browser.status().text());
        assertEquals("true", browser.byId("repeat-password").getAttribute("aria-invalid"));

        typeTwice(clearBoth(), "short", "short");
        assertEquals("The password must be 8 to 128 characters long.", browser.status().text());

        typeTwice(clearBoth(), good, good);
        Status set = browser.status();
        assertTrue(set.ok(), set.text());
        assertEquals("Your password is set. For your safety, every session of your account was signed out.",
                set.text());
        assertTrue(browser.visible("login-link"));
        assertEquals(service.effectivePublicUrl() + "/", browser.byId("login-link").getAttribute("href"));
        Api.login(u.username(), good).then().statusCode(200);
        Api.login(u.username(), PASSWORD).then().statusCode(401);
        browser.screenshot("reset-password-set");

        open(link);
        typeTwice(waitForFocusOn("new-password"), good + "2", good + "2");
        assertEquals("This reset link has already been used, has expired or is no longer valid. "
                + "Ask for a new reset mail.", browser.status().text());
    }

    /** From the first password field: type, Tab to the second, type, Enter (the keyboard alone). */
    private void typeTwice(WebElement first, String password, String again) {
        first.sendKeys(password);
        first.sendKeys(Keys.TAB);
        WebElement second = browser.focused();
        assertEquals("repeat-password", second.getAttribute("id"));
        second.sendKeys(again, Keys.ENTER);
    }

    private WebElement clearBoth() {
        browser.byId("repeat-password").clear();
        WebElement first = browser.byId("new-password");
        first.clear();
        first.click();
        return first;
    }

    @Test
    void theDevicePageSaysAWrongPasswordAndALockOutWithItsWaitInWords() {
        TestUser u = Api.signup();
        open(page("/device"));
        signIn(u.username(), "not the password");
        assertEquals("Wrong login or password.", browser.status().text());

        for (int i = 0; i < 10; i++) {
            Api.login(u.username(), "still not the password " + i);
        }
        signIn(u.username(), u.password());
        Status locked = browser.status();
        assertFalse(locked.ok());
        assertTrue(locked.text().matches("Too many attempts\\. For your safety, try again in \\d+\\s+s\\."),
                locked.text());
        assertTrue(browser.visible("step-signin"));
    }

    private void signIn(String login, String password) {
        WebElement loginField = browser.byId("login");
        loginField.clear();
        loginField.sendKeys(login);
        WebElement passwordField = browser.byId("password");
        passwordField.clear();
        passwordField.sendKeys(password, Keys.ENTER);
    }

    @Test
    void theDevicePageAsksForTheSecondFactorAndSaysAWrongCodeBeforeSigningIn() {
        clock.freezeAtTheStartOfATotpStep();
        TestUser u = Api.verifiedSignup();
        String secret = bearer(u.accessToken()).post("/api/v1/account/totp").then().statusCode(200).extract()
                .path("secret");
        bearer(u.accessToken()).body(Map.of("code", IndependentTotp.code(secret, clock.instant())))
                .post("/api/v1/account/totp/confirm").then().statusCode(200);
        clock.advance(Duration.ofSeconds(30));
        String code = IndependentTotp.code(secret, clock.instant());
        String wrong = "000000".equals(code) ? "111111" : "000000";

        open(page("/device"));
        waitForFocusOn("login");
        signIn(u.email(), u.password());
        assertEquals("This account has two-factor authentication on: enter the code from your authenticator app.",
                browser.until(() -> browser.visible("step-mfa") ? browser.byId("status").getText() : null,
                        "the second-factor step"));
        waitForFocusOn("mfa-code").sendKeys(wrong, Keys.ENTER);
        assertEquals("This code is wrong, expired or already used. Wait for the next code in your app and try again.",
                browser.status().text());
        browser.screenshot("device-totp-invalid");

        WebElement field = browser.byId("mfa-code");
        field.clear();
        field.sendKeys(code.substring(0, 3) + " " + code.substring(3), Keys.ENTER);
        waitForFocusOn("user-code");
        assertEquals("", browser.byId("status").getText(), "nothing left to say once signed in");
        assertEquals("Signed in as " + u.username() + ".", browser.byId("signed-in").getText());
        assertTrue(browser.visible("step-code"));
    }
}
