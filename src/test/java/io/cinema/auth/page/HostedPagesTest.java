package io.cinema.auth.page;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.social.MockOAuth2Server;
import io.cinema.auth.support.Api;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The hosted pages over plain HTTP: the headers that make them safe to open from a mail (CSP, no-store, nosniff, no
 * referrer), the language by Accept-Language, pages free of inline script and style and of other sites' assets,
 * labelled inputs, and a /social-callback that returns only to the hosted page its flow recorded.
 */
@QuarkusTest
@WithTestResource(MockOAuth2Server.class)
class HostedPagesTest {

    static final List<String> PAGES = List.of("/verify-email", "/reset-password", "/device");
    private static final String COOKIE = "__Host-social_binding";
    private static final Pattern TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>");
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z-:]+)\\s*=\\s*\"([^\"]*)\"");

    private static RequestSpecification page() {
        return given().header("X-Forwarded-For", Api.randomIp()).redirects().follow(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/verify-email", "/reset-password", "/device"})
    void everyPageIsHtmlWithACspThatAllowsOnlyThisOriginAndIsNeverCached(String path) {
        page().get(path).then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                .header("Cache-Control", containsString("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("Vary", containsString("Accept-Language"));
    }

    @Test
    void theLanguageFollowsAcceptLanguageAndDefaultsToEnglish() {
        assertLang("ru-RU,ru;q=0.9,en-US;q=0.8,en;q=0.7", "ru");
        assertLang("de-DE, ru;q=0.5", "ru");
        assertLang("en-GB,en;q=0.9,ru;q=0.8", "en");
        assertLang("fr", "en");
        assertLang("*;q=0.x;;", "en");
        assertLang(null, "en");
        page().header("Accept-Language", "ru").get("/reset-password").then()
                .body(containsString("Введите новый пароль дважды"));
        page().header("Accept-Language", "en").get("/reset-password").then()
                .body(containsString("Type the new password twice"));
    }

    private static void assertLang(String acceptLanguage, String lang) {
        for (String path : PAGES) {
            RequestSpecification r = page();
            if (acceptLanguage != null) {
                r = r.header("Accept-Language", acceptLanguage);
            }
            String html = r.get(path).then().statusCode(200).extract().asString();
            assertTrue(html.contains("<html lang=\"" + lang + "\">"), path + " for " + acceptLanguage + ": " + lang);
        }
    }

    @Test
    void noPageHasInlineScriptOrStyleOrAnyAssetFromAnotherSite() {
        for (String lang : List.of("en", "ru")) {
            for (String path : PAGES) {
                String html = page().header("Accept-Language", lang).get(path).then().extract().asString();
                assertNoInlineCodeAndOnlyOwnAssets(path, html);
            }
        }
    }

    /** Scripts only by src and empty, no style elements or attributes, no handlers, assets only relative. */
    static void assertNoInlineCodeAndOnlyOwnAssets(String path, String html) {
        assertFalse(Pattern.compile("<style", Pattern.CASE_INSENSITIVE).matcher(html).find(), path + ": <style>");
        assertFalse(html.toLowerCase().contains("javascript:"), path + ": javascript: URL");
        Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(1).contains("src=\"auth-assets/"), path + ": script without own src");
            assertEquals("", scripts.group(2).strip(), path + ": inline script body");
        }
        assertTrue(count >= 2, path + ": the shared and the page's script");
        Matcher tags = TAG.matcher(html);
        while (tags.find()) {
            Matcher a = ATTR.matcher(tags.group(2));
            while (a.find()) {
                String name = a.group(1).toLowerCase();
                String value = a.group(2);
                assertFalse(name.startsWith("on"), path + ": event handler attribute " + name);
                assertFalse(name.equals("style"), path + ": style attribute");
                if (name.equals("src") || (name.equals("href") && tags.group(1).equalsIgnoreCase("link"))) {
                    assertFalse(value.contains("//") || value.startsWith("/") || value.contains(":"),
                            path + ": asset not from this site's own relative path: " + value);
                }
            }
        }
    }

    @Test
    void everyInputHasALabelAndThePagesHaveALiveRegion() {
        for (String path : PAGES) {
            String html = page().get(path).then().extract().asString();
            Matcher inputs = Pattern.compile("<input[^>]*\\bid=\"([^\"]+)\"").matcher(html);
            int n = 0;
            while (inputs.find()) {
                n++;
                assertTrue(html.contains("<label for=\"" + inputs.group(1) + "\""),
                        path + ": input " + inputs.group(1) + " has no label");
            }
            assertTrue(n > 0 || path.equals("/verify-email"), path + " has inputs");
            assertTrue(Pattern.compile("id=\"status\"[^>]*aria-live=\"polite\"").matcher(html).find(), path);
            assertTrue(html.contains("<noscript>"), path + " says what it needs without JavaScript");
        }
    }

    @Test
    void theScriptsAndStylesheetAreServedFromThisOriginWithTheirTypes() {
        for (String asset : List.of("pages.js", "verify-email.js", "reset-password.js", "device.js")) {
            String js = page().get("/auth-assets/" + asset).then().statusCode(200)
                    .contentType(containsString("javascript")).header("X-Content-Type-Options", "nosniff")
                    .extract().asString();
            assertFalse(js.contains("http://") || js.contains("https://"), asset + " names another site");
            assertFalse(js.contains("localStorage") || js.contains("sessionStorage") || js.contains("document.cookie"),
                    asset + ": tokens stay in memory");
        }
        page().get("/auth-assets/pages.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void theResetPageLinksToLogInOnThePublicSite() {
        page().get("/reset-password").then().body(containsString("href=\"https://auth.test.cinema/\""));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // /social-callback: returns only to the hosted page recorded with the state

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example/device", "https://auth.test.cinema/device",
        "/device?next=https://evil.example", "device?user_code=BCDF&next=x", "verify-email", "reset-password",
        "device/../evil", "device?user_code=%3Cscript%3E", "javascript:alert(1)", "devices"})
    void authorizeRefusesAReturnThatIsNoHostedPageOnTheAllowList(String returnTo) {
        page().accept("application/json").queryParam("return_to", returnTo).get("/api/v1/social/mock/authorize")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("VALIDATION_FAILED")).body("errors[0].field", equalTo("return_to"));
    }

    @Test
    void aLoginStartedOnTheDevicePageComesBackThroughTheHostedCallbackToTheRecordedPage() {
        Flow flow = authorize("device?user_code=bcdf-ghjk");
        assertEquals("https://auth.test.cinema/social-callback", flow.query().get("redirect_uri"));
        Map<String, String> back = loginAtProvider(flow.providerUrl(), Api.uniqueName("sub"));
        assertTrue(back.get("location").startsWith("https://auth.test.cinema/social-callback?"), back.toString());

        // whatever the request adds, the page is the recorded one, and it says which provider to finish with
        String html = page().queryParam("code", back.get("code")).queryParam("state", back.get("state"))
                .queryParam("return_to", "https://evil.example/").queryParam("redirect_uri", "https://evil.example/")
                .get("/social-callback").then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Cache-Control", containsString("no-store")).extract().asString();
        assertTrue(html.contains("data-social-provider=\"mock\""), html);
        assertTrue(html.contains("data-return=\"device?user_code=bcdf-ghjk\""), html);
        assertFalse(html.contains("evil"), "nothing of the request's own addresses reaches the page");
        assertNoInlineCodeAndOnlyOwnAssets("/social-callback", html);

        // the page reads the state without spending it: the script's call to the API's callback finishes the login
        page().cookie(COOKIE, flow.binding()).accept("application/json").queryParam("code", back.get("code"))
                .queryParam("state", back.get("state")).get("/api/v1/social/mock/callback").then().statusCode(200)
                .body("access_token", org.hamcrest.Matchers.notNullValue());
        // and once spent, the hosted callback refuses it
        page().queryParam("code", back.get("code")).queryParam("state", back.get("state")).get("/social-callback")
                .then().statusCode(400).body(not(containsString("data-social-provider")));
    }

    @Test
    void theHostedCallbackRefusesFlowsNotStartedOnAHostedPageAndUnknownStates() {
        Flow api = authorize(null);
        assertEquals("https://auth.test.cinema/api/v1/social/mock/callback", api.query().get("redirect_uri"),
                "an API client's flow keeps the provider's own redirect URI");
        for (String state : new String[] {api.query().get("state"), "no-such-state", "x".repeat(600)}) {
            String html = page().header("Accept-Language", "en").queryParam("state", state).get("/social-callback")
                    .then().statusCode(400).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'")).extract().asString();
            assertFalse(html.contains("data-social-provider") || html.contains("data-return"), html);
            assertTrue(html.contains("cannot be finished here"), html);
        }
        page().get("/social-callback").then().statusCode(400);
        page().header("Accept-Language", "ru").get("/social-callback").then().statusCode(400)
                .body(containsString("Этот вход нельзя завершить здесь"));
    }

    @Test
    void aHostedReturnCannotBeCombinedWithLinking() {
        Api.TestUser u = Api.verifiedSignup();
        page().accept("application/json").header("Authorization", "Bearer " + u.accessToken())
                .queryParam("return_to", "device").get("/api/v1/social/mock/authorize").then().statusCode(400)
                .body("errors[0].field", equalTo("return_to"));
    }

    record Flow(String providerUrl, String binding, Map<String, String> query) {
    }

    private static Flow authorize(String returnTo) {
        RequestSpecification r = page().accept("application/json");
        if (returnTo != null) {
            r = r.queryParam("return_to", returnTo);
        }
        Response resp = r.get("/api/v1/social/mock/authorize");
        resp.then().statusCode(200);
        String url = resp.path("provider_url");
        assertNotNull(resp.getCookie(COOKIE));
        return new Flow(url, resp.getCookie(COOKIE), query(url));
    }

    /** The mock provider's own login form: a subject in, a redirect to the flow's redirect URI out. */
    private static Map<String, String> loginAtProvider(String providerUrl, String subject) {
        String form = "username=" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&claims="
                + URLEncoder.encode("{}", StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(providerUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, r.statusCode(), r.body());
            String location = r.headers().firstValue("Location").orElseThrow();
            Map<String, String> out = new LinkedHashMap<>(query(location));
            out.put("location", location);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        List<String> pairs = q == null ? new ArrayList<>() : List.of(q.split("&"));
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            out.putIfAbsent(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
