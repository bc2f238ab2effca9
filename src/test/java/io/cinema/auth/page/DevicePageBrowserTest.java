package io.cinema.auth.page;

import static io.cinema.auth.support.Api.bearer;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import io.cinema.auth.page.Chromium.Status;
import io.cinema.auth.social.MockOAuth2Server;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.IndependentTotp;
import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * TV sign-in end to end: a Java client plays the TV (a public device client asking for a code and polling the token
 * endpoint), the headless Chromium plays the phone on the hosted /device page opened at verification_uri_complete.
 */
@QuarkusTest
@WithTestResource(MockOAuth2Server.class)
class DevicePageBrowserTest {

    private static Chromium browser;

    @TestHTTPResource("/")
    URL server;
    @Inject
    ServiceConfig service;
    @Inject
    TestClock clock;
    @Inject
    Admins admins;

    private TvPlayer tv;

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

    @BeforeEach
    void registerATv() {
        tv = TvPlayer.registered(admins.superuser().accessToken());
    }

    @AfterEach
    void screenshotAndResetTheClock(TestInfo test) {
        clock.reset();
        browser.screenshot(getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
    }

    /** The TV's verification_uri_complete (under the public URL), opened on the test server. */
    private void openOnThePhone(String verificationUriComplete) {
        String publicUrl = service.effectivePublicUrl();
        assertTrue(verificationUriComplete.startsWith(publicUrl + "/device?user_code="), verificationUriComplete);
        browser.open("about:blank");
        browser.open(server.toString().replaceAll("/$", "") + verificationUriComplete.substring(publicUrl.length()));
    }

    private WebElement waitForFocusOn(String id) {
        return browser.until(() -> id.equals(browser.focused().getAttribute("id")) ? browser.focused() : null,
                "the focus on #" + id);
    }

    /** Into the login field (where the page puts the focus when it opens), Tab, the password, Enter. */
    private void signIn(TestUser u) {
        WebElement login = browser.byId("login");
        login.clear();
        login.sendKeys(u.username(), Keys.TAB);
        browser.focused().sendKeys(u.password(), Keys.ENTER);
    }

    private void waitForTheRequest() {
        waitForFocusOn("confirm-heading");
    }

    @Test
    void thePhoneSignsInWithPasswordAndTotpSeesTheTvAndApprovesAndTheTvsNextPollGetsAWorkingPair() {
        clock.freezeAtTheStartOfATotpStep();
        TestUser u = Api.verifiedSignup();
        String secret = bearer(u.accessToken()).post("/api/v1/account/totp").then().statusCode(200).extract()
                .path("secret");
        bearer(u.accessToken()).body(Map.of("code", IndependentTotp.code(secret, clock.instant())))
                .post("/api/v1/account/totp/confirm").then().statusCode(200);
        // from here the clock runs, a step ahead of the enrolment's code, so the TV's polling can take its time
        clock.reset();
        clock.advance(Duration.ofSeconds(30));

        tv.start();
        tv.assertPending(clock);
        openOnThePhone(tv.verificationUriComplete);
        assertEquals("The TV shows the code " + tv.userCode + ".", browser.byId("code-hint").getText());
        waitForFocusOn("login");
        signIn(u);
        waitForFocusOn("mfa-code").sendKeys(IndependentTotp.code(secret, clock.instant()), Keys.ENTER);

        waitForTheRequest();
        assertEquals(tv.clientName, browser.byId("d-client").getText());
        String where = browser.byId("d-where").getText();
        assertTrue(where.contains(tv.ip) && where.contains(TvPlayer.USER_AGENT), where);
        assertTrue(browser.byId("d-when").getText().matches(".+\\(.+\\)"), browser.byId("d-when").getText());
        assertEquals("The code " + tv.userCode + " matches the one on my TV screen",
                browser.byId("matches-label").getText());
        assertEquals("Signed in as " + u.username() + ".", browser.byId("signed-in").getText());
        browser.screenshot("device-confirm");

        // the code came prefilled, and still the viewer must say that it matches the TV's screen
        WebElement approve = browser.byId("approve");
        approve.sendKeys(Keys.ENTER);
        assertEquals("First confirm that the code matches the one on your TV screen, or deny the request.",
                browser.status().text());
        tv.assertPending(clock);

        WebElement box = browser.byId("matches");
        box.sendKeys(Keys.SPACE);
        assertTrue(box.isSelected());
        box.sendKeys(Keys.TAB);
        assertEquals("approve", browser.focused().getAttribute("id"));
        browser.focused().sendKeys(Keys.ENTER);
        Status done = browser.status();
        assertTrue(done.ok(), done.text());
        assertEquals("Done: the TV is signed in to your account. You can close this page.", done.text());

        Response pair = tv.pollUntilDecided(clock, 5);
        pair.then().statusCode(200).body("token_type", equalTo("Bearer"));
        String access = pair.path("access_token");
        assertTrue(pair.path("refresh_token") instanceof String);
        bearer(access).get("/api/v1/account").then().statusCode(200).body("username", equalTo(u.username()));
        Response again = tv.pollUntilDecided(clock, 1);
        assertEquals("invalid_grant", again.path("error"), "a poll after the TV got its pair");
    }

    @Test
    void aDeniedRequestGivesTheTvAccessDeniedAndTheSameCodeTypedAgainIsRefusedInWords() {
        TestUser u = Api.signup();
        tv.start();
        openOnThePhone(tv.verificationUriComplete);
        signIn(u);
        waitForTheRequest();
        browser.byId("deny").sendKeys(Keys.ENTER);
        Status denied = browser.status();
        assertTrue(denied.ok(), denied.text());
        assertEquals("The request was denied: the TV is not signed in.", denied.text());
        assertEquals("access_denied", tv.pollUntilDecided(clock, 5).path("error"));

        browser.byId("start-over").click();
        signIn(u);
        WebElement code = waitForFocusOn("user-code");
        code.sendKeys(tv.userCode.toLowerCase().replace("-", ""), Keys.ENTER);
        Status refused = browser.status();
        assertFalse(refused.ok());
        assertEquals("This code is unknown, expired or already used. Check the code on the TV screen, "
                + "or start the sign-in on the TV again.", refused.text());
        assertTrue(browser.visible("step-code"));
    }

    @Test
    void aStaleSignInIsAskedToSignInAgainAndAnExpiredCodeIsSaidInWords() {
        TestUser u = Api.signup();
        tv.start();
        openOnThePhone(tv.verificationUriComplete);
        signIn(u);
        waitForTheRequest();

        // the code lives 10 minutes, a sign-in counts as recent for 5
        clock.advance(Duration.ofMinutes(11));
        browser.byId("matches").click();
        browser.byId("approve").click();
        Status stale = browser.status();
        assertFalse(stale.ok());
        assertEquals("For your safety this step needs a fresh sign-in. Please sign in again.", stale.text());
        assertTrue(browser.visible("step-signin"));

        signIn(u);
        Status expired = browser.status();
        assertEquals("This code is unknown, expired or already used. Check the code on the TV screen, "
                + "or start the sign-in on the TV again.", expired.text());
        assertEquals("expired_token", tv.pollUntilDecided(clock, 1).path("error"));
    }
}
