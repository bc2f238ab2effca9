package io.cinema.auth.social;

import static io.cinema.auth.social.SocialLoginResourceTest.count;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.verifiedSignup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(MockOAuth2Server.class)
class SocialLinkResourceTest {

    @Test
    void aLinkingFlowLinksTheProviderToTheBearersAccount() {
        TestUser u = verifiedSignup();
        String sub = uniqueName("linked");
        Response r = new Browser().login("mock", sub, "{}", u.accessToken());
        r.then().statusCode(200)
                .body("id", equalTo(u.id()))
                .body("username", equalTo(u.username()))
                .body("social_accounts[0].provider", equalTo("mock"))
                .body("social_accounts[0].social_id", equalTo(sub));
        bearer(u.accessToken()).get("/api/v1/account/history").then()
                .body("items.event_type", hasItem("social_link"));
        // now the provider logs in to that account
        Response login = new Browser().login("mock", sub, "{}");
        login.then().statusCode(200);
        bearer(login.path("access_token")).get("/api/v1/account").then().body("id", equalTo(u.id()));
        // linking the same provider account again is harmless
        new Browser().login("mock", sub, "{}", u.accessToken()).then().statusCode(200)
                .body("social_accounts.size()", equalTo(1));
    }

    @Test
    void theLinkGoesToWhoStartedTheFlowNotToWhoPresentsTheCallback() {
        TestUser starter = verifiedSignup();
        TestUser presenter = verifiedSignup();
        Browser b = new Browser();
        Browser.Redirect back = Browser.loginAtProvider(b.authorize("mock", starter.accessToken()),
                uniqueName("who"), "{}");
        b.request().header("Authorization", "Bearer " + presenter.accessToken())
                .queryParam("code", back.code()).queryParam("state", back.state())
                .get("/api/v1/social/mock/callback").then().statusCode(200).body("id", equalTo(starter.id()));
        bearer(presenter.accessToken()).get("/api/v1/account").then().body("social_accounts.size()", equalTo(0));
    }

    @Test
    void anotherUsersLinkingStateIsRefusedInTheAttackersBrowser() {
        TestUser victim = verifiedSignup();
        TestUser attacker = verifiedSignup();
        Browser victimBrowser = new Browser();
        Browser attackerBrowser = new Browser();
        attackerBrowser.authorize("mock", attacker.accessToken());
        // the attacker gets hold of the victim's state and pairs it with a code for the attacker's provider account
        String victimState = Browser.query(victimBrowser.authorize("mock", victim.accessToken())).get("state");
        Browser.Redirect attackerBack = Browser.loginAtProvider(attackerBrowser.authorize("mock", attacker.accessToken()),
                uniqueName("attacker"), "{}");
        attackerBrowser.callback("mock", attackerBack.code(), victimState).then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        bearer(victim.accessToken()).get("/api/v1/account").then().body("social_accounts.size()", equalTo(0));
    }

    @Test
    void aProviderAccountLinkedToAnotherUserIs409() {
        TestUser first = verifiedSignup();
        TestUser second = verifiedSignup();
        String sub = uniqueName("shared");
        new Browser().login("mock", sub, "{}", first.accessToken()).then().statusCode(200);
        new Browser().login("mock", sub, "{}", second.accessToken()).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("CONFLICT"));
        bearer(second.accessToken()).get("/api/v1/account").then().body("social_accounts.size()", equalTo(0));
    }

    @Test
    void aSecondAccountOfTheSameProviderIs409() {
        TestUser u = verifiedSignup();
        new Browser().login("mock", uniqueName("one"), "{}", u.accessToken()).then().statusCode(200);
        new Browser().login("mock", uniqueName("two"), "{}", u.accessToken()).then().statusCode(409)
                .body("code", equalTo("CONFLICT"));
    }

    @Test
    void aLinkingFlowWhoseSessionEndedIsRefused() {
        TestUser u = verifiedSignup();
        Browser b = new Browser();
        Browser.Redirect back = Browser.loginAtProvider(b.authorize("mock", u.accessToken()), uniqueName("late"), "{}");
        bearer(u.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        b.callback("mock", back).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        assertEquals(0L, count("SELECT count(*) FROM social_accounts WHERE user_id = cast(?1 as uuid)", u.id()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // unlinking

    @Test
    void unlinkRemovesTheProvider() {
        TestUser u = verifiedSignup();
        String sub = uniqueName("unlink");
        new Browser().login("mock", sub, "{}", u.accessToken()).then().statusCode(200);
        bearer(u.accessToken()).delete("/api/v1/account/social/mock").then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("social_accounts.size()", equalTo(0));
        bearer(u.accessToken()).delete("/api/v1/account/social/mock").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("NOT_FOUND"));
        // the provider account is free again: a login with it is a new user now, not the old account
        Response fresh = new Browser().login("mock", sub, "{}");
        fresh.then().statusCode(200);
        String freshId = bearer(fresh.path("access_token")).get("/api/v1/account").path("id");
        org.junit.jupiter.api.Assertions.assertNotEquals(u.id(), freshId);
    }

    @Test
    void unlinkingTheLastWayToLogInIs409() {
        Response created = new Browser().login("mock", uniqueName("only"), "{}");
        String access = created.path("access_token");
        bearer(access).delete("/api/v1/account/social/mock").then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("CONFLICT"));
        // with a second provider linked, one of them may go, but not the last
        new Browser().login("plain", uniqueName("second"), "{}", access).then().statusCode(200)
                .body("social_accounts.provider", hasItem("plain"));
        bearer(access).delete("/api/v1/account/social/mock").then().statusCode(204);
        bearer(access).delete("/api/v1/account/social/plain").then().statusCode(409);
        bearer(access).get("/api/v1/account").then().body("social_accounts.size()", equalTo(1));
    }

    @Test
    void unlinkNeedsABearerAndAKnownLink() {
        json().delete("/api/v1/account/social/mock").then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
        json().header("Authorization", "Bearer garbage").delete("/api/v1/account/social/mock").then().statusCode(401)
                .body("code", equalTo("TOKEN_INVALID"));
        TestUser u = verifiedSignup();
        bearer(u.accessToken()).delete("/api/v1/account/social/nosuch").then().statusCode(404);
        bearer(u.accessToken()).delete("/api/v1/account/social/" + "p".repeat(300)).then().statusCode(404);
    }
}
