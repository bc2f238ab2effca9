package io.cinema.auth.social;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.account.User;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Crypto;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(MockOAuth2Server.class)
class SocialLoginResourceTest {

    static final String CALLBACK = "https://auth.test.cinema/api/v1/social/mock/callback";

    @Inject
    RedisDataSource redis;

    static String verifiedEmail(String email) {
        return "{\"email\":\"" + email + "\",\"email_verified\":true}";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // providers and authorize

    @Test
    void providerListShowsOnlyEnabledProvidersWithAClientId() {
        List<String> names = json().get("/api/v1/social/providers").then().statusCode(200).extract().path("name");
        assertTrue(names.containsAll(List.of("mock", "plain", "trusting", "down", "tokendown")), names.toString());
        assertTrue(names.stream().noneMatch(List.of("off", "noclient", "google", "yandex", "vk")::contains),
                names.toString());
        json().get("/api/v1/social/providers").then()
                .body("find { it.name == 'mock' }.authorize_url",
                        equalTo("https://auth.test.cinema/api/v1/social/mock/authorize"));
    }

    @Test
    void authorizeRedirectsToTheProviderWithPkceStateAndNonce() {
        Response r = new Browser().request().get("/api/v1/social/mock/authorize");
        r.then().statusCode(302).header("Cache-Control", containsString("no-store"));
        String location = r.header("Location");
        assertTrue(location.startsWith(MockOAuth2Server.base() + "/mock/authorize?"), location);
        Map<String, String> q = Browser.query(location);
        assertEquals("code", q.get("response_type"));
        assertEquals(MockOAuth2Server.CLIENT_ID, q.get("client_id"));
        assertEquals(CALLBACK, q.get("redirect_uri"));
        assertTrue(q.get("scope").contains("openid"), q.get("scope"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertTrue(q.get("state").length() >= 43, "state carries at least 256 bits");
        assertTrue(q.get("nonce").length() >= 43);
        // the state lives server-side, under its hash, for a short time
        long ttl = redis.key().ttl("auth:social:state:" + Crypto.base64Url(Crypto.sha256(q.get("state"))));
        assertTrue(ttl > 0 && ttl <= 600, "ttl " + ttl);

        io.restassured.http.Cookie c = r.getDetailedCookie(Browser.COOKIE);
        assertNotNull(c, "the browser-binding cookie is set");
        assertTrue(c.isHttpOnly());
        assertTrue(c.isSecured(), "https public url: Secure");
        assertEquals("/", c.getPath());
        assertEquals("Lax", c.getSameSite());
    }

    @Test
    void authorizeAnswersJsonForASinglePageApp() {
        Browser b = new Browser();
        String url = b.authorize("mock", null);
        assertTrue(url.startsWith(MockOAuth2Server.base() + "/mock/authorize?"), url);
        assertNotNull(b.binding);
        // a second flow in the same browser keeps the browser's binding, so two tabs can log in at once
        String first = b.binding;
        String second = b.authorize("mock", null);
        assertEquals(first, b.binding);
        assertNotEquals(Browser.query(url).get("state"), Browser.query(second).get("state"));
        b.callback("mock", Browser.loginAtProvider(url, uniqueName("tab1"), "{}")).then().statusCode(200);
        b.callback("mock", Browser.loginAtProvider(second, uniqueName("tab2"), "{}")).then().statusCode(200);
    }

    @Test
    void oauth2ProviderHasNoNonce() {
        Map<String, String> q = Browser.query(new Browser().authorize("plain", null));
        assertEquals(null, q.get("nonce"));
        assertEquals("S256", q.get("code_challenge_method"));
    }

    @Test
    void unknownDisabledOrUnconfiguredProviderIs404() {
        for (String p : List.of("nosuch", "off", "noclient", "google")) {
            json().get("/api/v1/social/" + p + "/authorize").then().statusCode(404)
                    .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
            json().get("/api/v1/social/" + p + "/callback?code=x&state=y").then().statusCode(404)
                    .body("code", equalTo("NOT_FOUND"));
        }
    }

    @Test
    void authorizeWithABadBearerIs401WithItsCode() {
        json().header("Authorization", "Bearer not.a.token").get("/api/v1/social/mock/authorize").then()
                .statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void unreachableProviderIs503() {
        json().get("/api/v1/social/down/authorize").then().statusCode(503)
                .contentType("application/problem+json").body("code", equalTo("SERVICE_UNAVAILABLE"))
                .header("Retry-After", notNullValue());
        // the authorization endpoint answers but the token endpoint does not
        new Browser().login("tokendown", uniqueName("td"), "{}").then().statusCode(503)
                .body("code", equalTo("SERVICE_UNAVAILABLE"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // logins

    @Test
    void firstLoginCreatesTheUserAndTheSecondFindsTheSameUser() {
        String sub = uniqueName("alice");
        String email = sub.toLowerCase() + "@mail.example";
        Response first = new Browser().login("mock", sub,
                "{\"email\":\"" + email + "\",\"email_verified\":true,\"preferred_username\":\"Alice Liddell\"}");
        first.then().statusCode(200).header("Cache-Control", containsString("no-store"))
                .body("token_type", equalTo("Bearer")).body("access_token", notNullValue())
                .body("refresh_token", notNullValue());
        Response account = bearer(first.path("access_token")).get("/api/v1/account");
        account.then().statusCode(200)
                .body("username", startsWith("Alice_Liddell"))
                .body("email", equalTo(email))
                .body("email_verified", equalTo(true))
                .body("roles", hasItem("user"))
                .body("social_accounts[0].provider", equalTo("mock"))
                .body("social_accounts[0].social_id", equalTo(sub));
        String id = account.path("id");

        Response second = new Browser().login("mock", sub, verifiedEmail(email));
        second.then().statusCode(200);
        bearer(second.path("access_token")).get("/api/v1/account").then().body("id", equalTo(id));
        bearer(second.path("access_token")).get("/api/v1/account/history").then().statusCode(200)
                .body("items.event_type", hasItem("social_login"));
        // the refresh token of a social login works like any other
        json().body(Map.of("refresh_token", second.path("refresh_token"))).post("/api/v1/auth/refresh").then()
                .statusCode(200);
    }

    @Test
    void aProviderAccountWithoutEmailGetsAnAccountWithoutEmail() {
        Response r = new Browser().login("mock", uniqueName("noemail"), "{}");
        r.then().statusCode(200);
        bearer(r.path("access_token")).get("/api/v1/account").then().statusCode(200)
                .body("email", nullValue()).body("email_verified", equalTo(false))
                .body("username", startsWith("mock_user"));
    }

    @Test
    void aTakenUsernameGetsASuffix() {
        TestUser existing = signup();
        Response r = new Browser().login("mock", uniqueName("dup"),
                "{\"preferred_username\":\"" + existing.username() + "\"}");
        r.then().statusCode(200);
        String username = bearer(r.path("access_token")).get("/api/v1/account").path("username");
        assertNotEquals(existing.username().toLowerCase(), username.toLowerCase());
        assertTrue(username.startsWith(existing.username() + "_"), username);
    }

    @Test
    void anUnverifiedProviderEmailMakesAnUnverifiedAccount() {
        String email = uniqueName("unv").toLowerCase() + "@mail.example";
        Response r = new Browser().login("mock", uniqueName("unv"), "{\"email\":\"" + email + "\"}");
        r.then().statusCode(200);
        bearer(r.path("access_token")).get("/api/v1/account").then()
                .body("email", equalTo(email)).body("email_verified", equalTo(false));
    }

    @Test
    void oauth2ProviderIdentityComesFromUserInfo() {
        String sub = uniqueName("plainuser");
        String email = sub.toLowerCase() + "@mail.example";
        Response r = new Browser().login("plain", sub,
                "{\"email\":\"" + email + "\",\"email_verified\":true,\"preferred_username\":\"plainy\"}");
        r.then().statusCode(200);
        bearer(r.path("access_token")).get("/api/v1/account").then()
                .body("email", equalTo(email)).body("email_verified", equalTo(true))
                .body("username", startsWith("plainy"))
                .body("social_accounts[0].provider", equalTo("plain"))
                .body("social_accounts[0].social_id", equalTo(sub));
    }

    @Test
    void aDisabledAccountIs403() {
        String sub = uniqueName("gone");
        Response r = new Browser().login("mock", sub, "{}");
        String id = bearer(r.path("access_token")).get("/api/v1/account").path("id");
        sql("UPDATE users SET active = false WHERE id = cast(?1 as uuid)", id);
        new Browser().login("mock", sub, "{}").then().statusCode(403).body("code", equalTo("ACCOUNT_DISABLED"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // pre-account hijacking

    @Test
    void anUnverifiedLocalAccountWithTheSameEmailIsNotJoined() {
        TestUser squatter = signup(); // the attacker signed up with the victim's address and never verified it
        String victimSub = uniqueName("victim");
        new Browser().login("mock", victimSub, verifiedEmail(squatter.email())).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("CONFLICT"));
        assertEquals(0L, count("SELECT count(*) FROM social_accounts WHERE social_id = ?1", victimSub));
        assertEquals(1L, count("SELECT count(*) FROM users WHERE lower(email) = lower(?1)", squatter.email()));
        bearer(squatter.accessToken()).get("/api/v1/account").then().body("social_accounts.size()", equalTo(0));

        // once the account's owner has verified the address, a login whose provider vouches for it joins the account
        sql("UPDATE users SET email_verified = true WHERE id = cast(?1 as uuid)", squatter.id());
        Response joined = new Browser().login("mock", victimSub, verifiedEmail(squatter.email()));
        joined.then().statusCode(200);
        bearer(joined.path("access_token")).get("/api/v1/account").then()
                .body("id", equalTo(squatter.id()))
                .body("social_accounts.provider", hasItem("mock"));
        bearer(joined.path("access_token")).get("/api/v1/account/history").then()
                .body("items.event_type", hasItems("social_login", "social_link"));
    }

    @Test
    void anUnverifiedProviderEmailDoesNotJoinAVerifiedAccount() {
        TestUser owner = signup();
        sql("UPDATE users SET email_verified = true WHERE id = cast(?1 as uuid)", owner.id());
        String sub = uniqueName("claimer");
        new Browser().login("mock", sub, "{\"email\":\"" + owner.email() + "\",\"email_verified\":false}").then()
                .statusCode(409).body("code", equalTo("CONFLICT"));
        // plain OAuth 2.0 without a verified flag counts as unverified ...
        new Browser().login("plain", sub, "{\"email\":\"" + owner.email() + "\"}").then().statusCode(409);
        assertEquals(0L, count("SELECT count(*) FROM social_accounts WHERE social_id = ?1", sub));
        // ... unless the provider is configured to be trusted for its addresses
        Response trusted = new Browser().login("trusting", sub, "{\"email\":\"" + owner.email() + "\"}");
        trusted.then().statusCode(200);
        bearer(trusted.path("access_token")).get("/api/v1/account").then().body("id", equalTo(owner.id()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // state, browser binding, provider answers

    @Test
    void unknownOrMissingStateIs400() {
        Browser b = new Browser();
        b.authorize("mock", null);
        b.callback("mock", "code", "made-up-state").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"))
                .body("errors[0].field", equalTo("state"));
        b.callback("mock", "code", null).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        b.callback("mock", "code", "x".repeat(600)).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void aStateIsUsedOnce() {
        Browser b = new Browser();
        Browser.Redirect back = Browser.loginAtProvider(b.authorize("mock", null), uniqueName("once"), "{}");
        b.callback("mock", back).then().statusCode(200);
        b.callback("mock", back).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void aStateFromAnotherBrowserIs400AndBurnsTheState() {
        Browser victim = new Browser();
        Browser attacker = new Browser();
        attacker.authorize("mock", null); // the attacker's browser has a binding cookie of its own
        Browser.Redirect back = Browser.loginAtProvider(victim.authorize("mock", null), uniqueName("csrf"), "{}");
        attacker.callback("mock", back).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        // without any cookie
        Browser.Redirect back2 = Browser.loginAtProvider(victim.authorize("mock", null), uniqueName("csrf"), "{}");
        new Browser().callback("mock", back2).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
        victim.callback("mock", back2).then().statusCode(400);
    }

    @Test
    void aStateOfAnotherProviderIs400() {
        Browser b = new Browser();
        Browser.Redirect back = Browser.loginAtProvider(b.authorize("mock", null), uniqueName("mix"), "{}");
        b.callback("plain", back).then().statusCode(400).body("code", equalTo("VALIDATION_FAILED"));
    }

    @Test
    void aProviderErrorIs401() {
        Browser b = new Browser();
        String state = Browser.query(b.authorize("mock", null)).get("state");
        b.request().queryParam("state", state).queryParam("error", "access_denied")
                .queryParam("error_description", "The user said no")
                .get("/api/v1/social/mock/callback").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void aMissingOrHugeCodeIs400() {
        Browser b = new Browser();
        String state = Browser.query(b.authorize("mock", null)).get("state");
        b.callback("mock", null, state).then().statusCode(400).body("errors[0].field", equalTo("code"));
        String state2 = Browser.query(b.authorize("mock", null)).get("state");
        b.callback("mock", "c".repeat(3000), state2).then().statusCode(400).body("errors[0].field", equalTo("code"));
    }

    @Test
    void aCodeTheProviderRefusesIs401() {
        Browser b = new Browser();
        String state = Browser.query(b.authorize("mock", null)).get("state");
        b.callback("mock", "forged-code", state).then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void anIdTokenWithAnotherNonceIs401() {
        new Browser().login("mock", uniqueName("nonce"), "{\"nonce\":\"replayed-nonce\"}").then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void anIdTokenForAnotherAudienceIs401() {
        new Browser().login("mock", uniqueName("aud"), "{\"aud\":\"someone-else\"}").then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void anIdTokenOfAnotherIssuerOrExpiredIs401() {
        new Browser().login("mock", uniqueName("iss"), "{\"iss\":\"https://evil.example\"}").then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
        new Browser().login("mock", uniqueName("exp"), "{\"exp\":1000000000}").then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
    }

    @Test
    void refusedLoginsCreateNothing() {
        String sub = uniqueName("refused");
        new Browser().login("mock", sub, "{\"aud\":\"someone-else\"}").then().statusCode(401);
        assertEquals(0L, count("SELECT count(*) FROM social_accounts WHERE social_id = ?1", sub));
    }

    @Test
    void callbacksAreRateLimitedPerClientIp() {
        Browser b = new Browser();
        Response last = null;
        int judged = 0;
        // 60 a minute: the 61st at once is refused; a slow machine may earn back one per second meanwhile
        for (int i = 0; i < 120; i++) {
            last = b.callback("mock", "code", "no-such-state-" + i);
            if (last.statusCode() == 429) {
                break;
            }
            last.then().statusCode(400);
            judged++;
        }
        org.junit.jupiter.api.Assertions.assertTrue(judged >= 60 && judged < 120, "judged " + judged);
        last.then().statusCode(429).body("code", equalTo("RATE_LIMITED")).header("Retry-After", notNullValue());
        // another client is not affected
        new Browser().callback("mock", "code", "no-such-state").then().statusCode(400);
    }

    // ---------------------------------------------------------------------------------------------------------------

    static void sql(String statement, Object... params) {
        QuarkusTransaction.requiringNew().run(() -> {
            var q = User.getEntityManager().createNativeQuery(statement);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            q.executeUpdate();
        });
    }

    static long count(String statement, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = User.getEntityManager().createNativeQuery(statement);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }
}
