package io.cinema.auth.page;

import static io.cinema.auth.support.Api.bearer;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

import io.cinema.auth.email.Mailbox;
import io.cinema.auth.page.Chromium.Status;
import io.cinema.auth.social.MockOAuth2Server;
import io.cinema.auth.support.Api;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.ServiceConfig;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The hosted pages in a Chromium whose language is Russian (--lang=ru and intl.accept_languages): the pages answer
 * in Russian, the API's refusals included. Its own class, because a browser's language is fixed when it starts.
 */
@QuarkusTest
@WithTestResource(MockOAuth2Server.class)
class HostedPagesInRussianBrowserTest {

    private static Chromium browser;

    @TestHTTPResource("/")
    URL server;
    @Inject
    ServiceConfig service;

    @BeforeAll
    static void startBrowser() {
        browser = Chromium.start("ru");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @AfterEach
    void screenshot(TestInfo test) {
        browser.screenshot(getClass().getSimpleName() + "-" + test.getTestMethod().orElseThrow().getName());
    }

    private void open(String url) {
        browser.open("about:blank");
        browser.open(url);
    }

    private void pressTheFocusedButton() {
        browser.until(() -> "verify-button".equals(browser.focused().getAttribute("id")), "the focus on the button");
        browser.focused().sendKeys(Keys.ENTER);
    }

    @Test
    void theVerificationLinkSaysConfirmedAndThenUsedInRussian() {
        TestUser u = Api.signup();
        String link = MailLinks.open(Mailbox.await(u.email(), "Confirm your email address"),
                service.effectivePublicUrl(), "/verify-email", server);

        open(link);
        assertEquals("ru", browser.driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertEquals("Подтвердить адрес", browser.byId("verify-button").getText());
        pressTheFocusedButton();
        Status done = browser.status();
        assertTrue(done.ok(), done.text());
        assertEquals("Адрес электронной почты подтверждён. Эту страницу можно закрыть.", done.text());
        bearer(u.accessToken()).get("/api/v1/account").then().body("email_verified", equalTo(true));
        browser.screenshot("verify-email-confirmed-ru");

        open(link);
        pressTheFocusedButton();
        Status used = browser.status();
        assertFalse(used.ok());
        assertEquals("Эта ссылка уже использована, устарела или больше не действует. "
                + "Запросите новое письмо с подтверждением в своём аккаунте.", used.text());
    }

    @Test
    void theResetPageSaysAMismatchInRussianBeforeAskingTheApi() {
        open(server.toString().replaceAll("/$", "") + "/reset-password#token=not-even-a-token");
        browser.until(() -> "new-password".equals(browser.focused().getAttribute("id")), "the focus on the field");
        browser.focused().sendKeys("один пароль для теста", Keys.TAB);
        browser.focused().sendKeys("другой пароль для теста", Keys.ENTER);
        assertEquals("Пароли не совпадают. Введите один и тот же пароль дважды.", browser.status().text());
    }
}
