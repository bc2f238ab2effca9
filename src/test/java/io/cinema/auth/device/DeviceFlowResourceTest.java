package io.cinema.auth.device;

import static io.cinema.auth.device.DeviceGrantTest.assertOAuthError;
import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static io.cinema.auth.support.Api.verifiedSignup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.account.BruteForceTestSupport;
import io.cinema.auth.email.GreenMailResource;
import io.cinema.auth.email.Mailbox;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.TestClock;
import io.cinema.auth.support.Tokens;
import io.cinema.auth.token.Session;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * The viewer's side of TV sign-in (GET /api/v1/device, POST /api/v1/device/approve) and what an approval makes of
 * the TV: one token pair, a session of its own that is listed, limited to the TV client's roles, revocable, in the
 * history and announced by mail.
 */
@QuarkusTest
@WithTestResource(value = GreenMailResource.class, scope = TestResourceScope.GLOBAL)
class DeviceFlowResourceTest {

    @Inject
    Admins admins;
    @Inject
    TestClock clock;

    TestUser root;

    @BeforeEach
    void setUp() {
        clock.freeze(Instant.now());
        root = admins.superuser();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    static void assertProblem(Response r, int status, String code) {
        r.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
    }

    /** A new role, its id. */
    String role(String name) {
        return bearer(root.accessToken()).body(Map.of("name", name)).post("/api/v1/roles").then().statusCode(201)
                .extract().path("id");
    }

    void grant(String userId, String roleId) {
        bearer(root.accessToken()).put("/api/v1/users/" + userId + "/roles/" + roleId).then().statusCode(204);
    }

    /** The TV's pair once {@code viewer} approved its request. */
    static Response approvedPair(Tv.Client tv, TestUser viewer) {
        Tv.Request req = Tv.start(tv);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        Response pair = Tv.poll(tv, req);
        pair.then().statusCode(200);
        return pair;
    }

    @Test
    void theLookupShowsWhoAskedWhenAndFromWhere() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of("catalog:watch"));
        Tv.Request req = Tv.start(tv);
        TestUser viewer = signup();
        Tv.lookup(viewer.accessToken(), req.userCode()).then().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-store")
                .body("client_name", equalTo(tv.name())).body("scopes", equalTo(List.of("catalog:watch")))
                .body("requested_at", equalTo(clock.instant().toString()))
                .body("expires_at", equalTo(clock.instant().plus(Duration.ofMinutes(10)).toString()))
                .body("device_ip", equalTo(req.ip())).body("device_user_agent", equalTo(Tv.USER_AGENT));
    }

    @Test
    void theUserCodeMatchesWithoutRegardToCaseDashesOrSpaces() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        Tv.Request req = Tv.start(tv);
        TestUser viewer = signup();
        String bare = req.userCode().replace("-", "");
        for (String typed : List.of(req.userCode(), bare, bare.toLowerCase(), " " + bare.substring(0, 4) + " "
                + bare.substring(4).toLowerCase() + " ", req.userCode().toLowerCase())) {
            Tv.lookup(viewer.accessToken(), typed).then().statusCode(200).body("client_name", equalTo(tv.name()));
        }
        Tv.approve(viewer.accessToken(), " " + bare.toLowerCase().substring(0, 2) + "-" + bare.substring(2))
                .then().statusCode(204);
    }

    @Test
    void anApprovalGivesTheTvOnePairForTheApproverThenInvalidGrant() throws Exception {
        Tv.Client tv = Tv.client(root.accessToken(), List.of("user"), List.of());
        Tv.Request req = Tv.start(tv);
        TestUser viewer = signup();
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);

        Response pair = Tv.poll(tv, req);
        pair.then().statusCode(200).contentType("application/json").header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer")).body("expires_in", equalTo(900))
                .body("refresh_expires_in", equalTo((int) Duration.ofDays(30).toSeconds()));
        String access = pair.path("access_token");
        String refresh = pair.path("refresh_token");
        assertNotNull(refresh);
        JwtClaims claims = Tokens.unverifiedClaims(access);
        assertEquals(viewer.id(), claims.getSubject());
        assertNotNull(claims.getClaimValue("sid"));
        assertFalse(claims.hasClaim("client_id"), "a user's token, not a client's");
        bearer(access).get("/api/v1/account").then().statusCode(200).body("id", equalTo(viewer.id()))
                .body("username", equalTo(viewer.username())).body("roles", equalTo(List.of("user")));

        // the pair is picked up once: the next poll is invalid_grant, the code is gone for the phone
        assertOAuthError(Tv.poll(tv, req), 400, "invalid_grant");
        assertProblem(Tv.lookup(viewer.accessToken(), req.userCode()), 404, "NOT_FOUND");

        // its refresh token rotates at both refresh endpoints
        Response next = json().body(Map.of("refresh_token", refresh)).post("/api/v1/auth/refresh");
        next.then().statusCode(200);
        bearer(next.path("access_token")).get("/api/v1/account").then().statusCode(200)
                .body("id", equalTo(viewer.id()));
        Tv.form(randomIp()).formParam("grant_type", "refresh_token").formParam("client_id", tv.clientId())
                .formParam("refresh_token", (String) next.path("refresh_token")).post("/oauth2/token").then()
                .statusCode(200).body("refresh_token", not(equalTo(next.path("refresh_token"))));
    }

    /** The TV's first pair after an approval by {@code viewer}. */
    private static Response signedInTv(Tv.Client tv, TestUser viewer) {
        Tv.Request req = Tv.start(tv);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        Response pair = Tv.poll(tv, req);
        pair.then().statusCode(200);
        return pair;
    }

    private static Response refreshAtTokenEndpoint(String clientId, String refreshToken) {
        return Tv.form(randomIp()).formParam("grant_type", "refresh_token").formParam("client_id", clientId)
                .formParam("refresh_token", refreshToken).post("/oauth2/token");
    }

    @Test
    void aRefreshTokenIsBoundToTheTvClientThatGotItAndAnotherClientNeitherUsesItUpNorRevokesIt() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of("user"), List.of());
        Tv.Client otherTv = Tv.client(root.accessToken(), List.of("user"), List.of());
        TestUser viewer = signup();
        String refresh = signedInTv(tv, viewer).path("refresh_token");

        assertOAuthError(refreshAtTokenEndpoint(otherTv.clientId(), refresh), 400, "invalid_grant");
        assertOAuthError(refreshAtTokenEndpoint(otherTv.clientId(), refresh), 400, "invalid_grant");
        // neither used up nor taken for reuse: the TV that holds it refreshes as before
        refreshAtTokenEndpoint(tv.clientId(), refresh).then().statusCode(200);

        // and the viewer's own login's refresh token is no TV's
        assertOAuthError(refreshAtTokenEndpoint(tv.clientId(), viewer.refreshToken()), 400, "invalid_grant");
        json().body(Map.of("refresh_token", viewer.refreshToken())).post("/api/v1/auth/refresh").then()
                .statusCode(200);
    }

    @Test
    void disablingOrDeletingTheTvClientSignsItsTvsOutAtOnceAtEveryEndpoint() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of("user"), List.of());
        TestUser viewer = signup();
        Response pair = signedInTv(tv, viewer);
        bearer(pair.path("access_token")).get("/api/v1/account").then().statusCode(200);

        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + tv.id()).then()
                .statusCode(200);
        assertProblem(bearer(pair.path("access_token")).get("/api/v1/account"), 401, "TOKEN_REVOKED");
        assertProblem(json().body(Map.of("refresh_token", (String) pair.path("refresh_token")))
                .post("/api/v1/auth/refresh"), 401, "TOKEN_REVOKED");
        bearer(viewer.accessToken()).get("/api/v1/account").then().statusCode(200); // the viewer's own login stays

        Tv.Client deleted = Tv.client(root.accessToken(), List.of("user"), List.of());
        Response other = signedInTv(deleted, viewer);
        bearer(root.accessToken()).delete("/api/v1/clients/" + deleted.id()).then().statusCode(204);
        assertProblem(bearer(other.path("access_token")).get("/api/v1/authz/check?role=user"), 401,
                "TOKEN_REVOKED");
        assertProblem(json().body(Map.of("refresh_token", (String) other.path("refresh_token")))
                .post("/api/v1/auth/refresh"), 401, "TOKEN_REVOKED");
    }

    @Test
    void concurrentPollsAfterTheApprovalGiveExactlyOnePair() throws Exception {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        Tv.Request req = Tv.start(tv);
        TestUser viewer = signup();
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        List<Callable<Response>> polls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            polls.add(() -> Tv.poll(tv, req));
        }
        List<Integer> statuses = BruteForceTestSupport.atOnce(polls);
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(11, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        assertOAuthError(Tv.poll(tv, req), 400, "invalid_grant");
        // one TV session, not twelve
        long tvSessions = bearer(viewer.accessToken()).get("/api/v1/account/sessions").then().statusCode(200)
                .extract().<List<String>>path("device").stream().filter("tv"::equals).count();
        assertEquals(1, tvSessions);
    }

    @Test
    void aDenialIsAccessDeniedForTheTvAndTheCodeIsSpent() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        Tv.Request req = Tv.start(tv);
        TestUser viewer = signup();
        Tv.deny(viewer.accessToken(), req.userCode()).then().statusCode(204);
        assertOAuthError(Tv.poll(tv, req), 400, "access_denied");
        clock.advance(Duration.ofSeconds(6));
        assertOAuthError(Tv.poll(tv, req), 400, "access_denied");
        assertProblem(Tv.lookup(viewer.accessToken(), req.userCode()), 404, "NOT_FOUND");
        // an approval after the denial, and a second denial, find nothing
        assertProblem(Tv.approve(viewer.accessToken(), req.userCode()), 404, "NOT_FOUND");
        assertProblem(Tv.deny(viewer.accessToken(), req.userCode()), 404, "NOT_FOUND");
        bearer(viewer.accessToken()).get("/api/v1/account/history").then().statusCode(200)
                .body("items.find { it.event_type == 'device_login' }.success", equalTo(false))
                .body("items.find { it.event_type == 'device_login' }.ip_address", equalTo(req.ip()));
        bearer(viewer.accessToken()).get("/api/v1/account/sessions").then().body("device", not(hasItem("tv")));
    }

    @Test
    void approvingTwiceIsNotFoundAndAnExpiredCodeCannotBeApproved() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        TestUser viewer = signup();
        TestUser other = signup();
        Tv.Request req = Tv.start(tv);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        assertProblem(Tv.approve(viewer.accessToken(), req.userCode()), 404, "NOT_FOUND");
        assertProblem(Tv.approve(other.accessToken(), req.userCode()), 404, "NOT_FOUND");
        assertProblem(Tv.deny(other.accessToken(), req.userCode()), 404, "NOT_FOUND");

        Tv.Request late = Tv.start(tv);
        clock.advance(Duration.ofMinutes(10));
        bearer(viewer.accessToken()).body(Map.of("password", PASSWORD)).post("/api/v1/account/reauth").then()
                .statusCode(204);
        assertProblem(Tv.approve(viewer.accessToken(), late.userCode()), 404, "NOT_FOUND");
        assertOAuthError(Tv.poll(tv, late), 400, "expired_token");
    }

    @Test
    void concurrentApprovalsOfOneCodeOpenOneSession() throws Exception {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        List<Callable<Response>> approvals = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            approvals.add(() -> Tv.approve(viewer.accessToken(), req.userCode()));
        }
        List<Integer> statuses = BruteForceTestSupport.atOnce(approvals);
        assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
        assertEquals(5, statuses.stream().filter(s -> s == 404).count(), statuses.toString());
    }

    @Test
    void anApprovalNeedsARecentProofOfThePassword() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Response stale = Tv.approve(viewer.accessToken(), req.userCode());
        assertProblem(stale, 401, "REAUTH_REQUIRED");
        stale.then().header("WWW-Authenticate",
                equalTo("Bearer error=\"insufficient_user_authentication\", max_age=300"));
        assertProblem(Tv.deny(viewer.accessToken(), req.userCode()), 401, "REAUTH_REQUIRED");
        assertOAuthError(Tv.poll(tv, req), 400, "authorization_pending");
        // the lookup needs no recent proof: the phone may show the request before it asks for the password
        Tv.lookup(viewer.accessToken(), req.userCode()).then().statusCode(200);

        bearer(viewer.accessToken()).body(Map.of("password", PASSWORD)).post("/api/v1/account/reauth").then()
                .statusCode(204);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
    }

    @Test
    void theTvSessionNeverCountsAsRecentlyAuthenticated() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        // verified, so a two-factor enrolment is refused for the missing proof of the password, not for the address
        TestUser viewer = verifiedSignup();
        Response pair = approvedPair(tv, viewer);
        UUID sid = UUID.fromString((String) Tokens.unverifiedClaims(pair.path("access_token")).getClaimValue("sid"));
        Session s = QuarkusTransaction.requiringNew().call(() -> Session.<Session>findById(sid));
        assertNull(s.authenticatedAt);
        assertEquals(Tv.USER_AGENT, s.userAgent);
        // the TV cannot approve another TV, nor begin a two-factor enrolment, right after its own sign-in
        Tv.Request other = Tv.start(tv);
        assertProblem(Tv.approve(pair.path("access_token"), other.userCode()), 401, "REAUTH_REQUIRED");
        bearer(pair.path("access_token")).post("/api/v1/account/totp").then().statusCode(401)
                .body("code", equalTo("REAUTH_REQUIRED"));
    }

    @Test
    void aServiceClientsTokenIsForbiddenOnTheDeviceEndpoints() {
        Response made = bearer(root.accessToken()).body(Map.of("name", "svc", "scopes", List.of()))
                .post("/api/v1/clients");
        String token = Tv.form(randomIp()).formParam("grant_type", "client_credentials")
                .formParam("client_id", (String) made.path("client_id"))
                .formParam("client_secret", (String) made.path("client_secret")).post("/oauth2/token").then()
                .statusCode(200).extract().path("access_token");
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        Tv.Request req = Tv.start(tv);
        assertProblem(Tv.lookup(token, req.userCode()), 403, "FORBIDDEN");
        assertProblem(Tv.approve(token, req.userCode()), 403, "FORBIDDEN");
        // and without any token
        assertProblem(json().queryParam("user_code", req.userCode()).get("/api/v1/device"), 401, "TOKEN_MISSING");
        assertProblem(json().body(Map.of("user_code", req.userCode())).post("/api/v1/device/approve"), 401,
                "TOKEN_MISSING");
        assertOAuthError(Tv.poll(tv, req), 400, "authorization_pending");
    }

    @Test
    void malformedRequestsAreValidationFailed() {
        TestUser viewer = signup();
        assertProblem(bearer(viewer.accessToken()).get("/api/v1/device"), 400, "VALIDATION_FAILED");
        bearer(viewer.accessToken()).get("/api/v1/device").then().body("errors[0].field", equalTo("user_code"));
        assertProblem(Tv.lookup(viewer.accessToken(), "B".repeat(33)), 400, "VALIDATION_FAILED");
        assertProblem(bearer(viewer.accessToken()).body(Map.of()).post("/api/v1/device/approve"), 400,
                "VALIDATION_FAILED");
        bearer(viewer.accessToken()).body(Map.of()).post("/api/v1/device/approve").then()
                .body("errors.field", hasItem("user_code"));
        assertProblem(bearer(viewer.accessToken()).body("{\"user_code\": ").post("/api/v1/device/approve"), 400,
                "VALIDATION_FAILED");
        assertProblem(bearer(viewer.accessToken()).body("{\"user_code\": \"BCDF-GHJK\", \"deny\": \"maybe\"}")
                .post("/api/v1/device/approve"), 400, "VALIDATION_FAILED");
        assertProblem(bearer(viewer.accessToken()).body(Map.of("user_code", "x".repeat(33)))
                .post("/api/v1/device/approve"), 400, "VALIDATION_FAILED");
        // a code that cannot exist is simply not found
        assertProblem(Tv.lookup(viewer.accessToken(), "AEIOU-123"), 404, "NOT_FOUND");
    }

    @Test
    void theTvsGroupsAreOnlyTheClientsRolesOfTheApproversNeverSuperuser() {
        String watch = uniqueName("watch");
        String kids = uniqueName("kids");
        String moderator = uniqueName("moderator");
        String watchId = role(watch);
        role(kids);
        String moderatorId = role(moderator);
        grant(root.id(), watchId);
        grant(root.id(), moderatorId);
        // the TV client lists watch and kids; the superuser approver holds watch and moderator (and superuser)
        Tv.Client tv = Tv.client(root.accessToken(), List.of(watch, kids), List.of());
        Response pair = approvedPair(tv, root);
        String access = pair.path("access_token");
        assertEquals(List.of(watch), Tokens.unverifiedClaims(access).getClaimValue("groups"));

        bearer(access).get("/api/v1/account").then().statusCode(200).body("roles", equalTo(List.of(watch)));
        bearer(access).get("/api/v1/authz/check?role=superuser").then().statusCode(200)
                .body("allowed", equalTo(false)).body("roles", equalTo(List.of(watch)));
        bearer(access).get("/api/v1/authz/check?role=" + moderator).then().body("allowed", equalTo(false));
        bearer(access).get("/api/v1/authz/check?role=" + watch).then().body("allowed", equalTo(true));
        bearer(access).get("/api/v1/authz/forward?role=" + watch).then().statusCode(200)
                .header("X-Auth-Roles", equalTo(watch)).header("X-Auth-User-Id", equalTo(root.id()));
        bearer(access).get("/api/v1/authz/forward?role=" + moderator).then().statusCode(403);
        // the superuser's TV administers nothing
        assertProblem(bearer(access).get("/api/v1/users"), 403, "FORBIDDEN");
        assertProblem(bearer(access).get("/api/v1/clients"), 403, "FORBIDDEN");
        bearer(root.accessToken()).get("/api/v1/users").then().statusCode(200);

        // refreshes keep the limit, at both refresh endpoints
        Response next = json().body(Map.of("refresh_token", (String) pair.path("refresh_token")))
                .post("/api/v1/auth/refresh");
        next.then().statusCode(200);
        assertEquals(List.of(watch), Tokens.unverifiedClaims(next.path("access_token")).getClaimValue("groups"));
        Response viaOAuth = Tv.form(randomIp()).formParam("grant_type", "refresh_token")
                .formParam("refresh_token", (String) next.path("refresh_token")).post("/oauth2/token");
        viaOAuth.then().statusCode(200);
        assertEquals(List.of(watch), Tokens.unverifiedClaims(viaOAuth.path("access_token")).getClaimValue("groups"));

        // a role the approver gains later that the TV client lists shows at once, in the check and the next token
        String kidsId = bearer(root.accessToken()).get("/api/v1/roles").then().extract()
                .<List<Map<String, Object>>>path("").stream().filter(r -> kids.equals(r.get("name")))
                .map(r -> (String) r.get("id")).findFirst().orElseThrow();
        grant(root.id(), kidsId);
        bearer(access).get("/api/v1/authz/check?role=" + kids).then().body("allowed", equalTo(true));
    }

    @Test
    void aRenamedRoleStaysAllowedOnTheTvAndADeletedOneIsGone() {
        String watch = uniqueName("watch");
        String watchId = role(watch);
        TestUser viewer = signup();
        grant(viewer.id(), watchId);
        Tv.Client tv = Tv.client(root.accessToken(), List.of(watch), List.of());
        Response pair = approvedPair(tv, viewer);
        String access = pair.path("access_token");
        bearer(access).get("/api/v1/authz/check?role=" + watch).then().body("allowed", equalTo(true));

        String renamed = uniqueName("watching");
        bearer(root.accessToken()).body(Map.of("name", renamed)).patch("/api/v1/roles/" + watchId).then()
                .statusCode(200);
        bearer(access).get("/api/v1/authz/check?role=" + renamed).then().body("allowed", equalTo(true))
                .body("roles", equalTo(List.of(renamed)));
        Response next = json().body(Map.of("refresh_token", (String) pair.path("refresh_token")))
                .post("/api/v1/auth/refresh");
        assertEquals(List.of(renamed), Tokens.unverifiedClaims(next.path("access_token")).getClaimValue("groups"));

        bearer(root.accessToken()).delete("/api/v1/roles/" + watchId).then().statusCode(204);
        // a new role of the old name, given to the viewer, is not the one the TV was allowed
        String again = role(renamed);
        grant(viewer.id(), again);
        bearer(access).get("/api/v1/authz/check?role=" + renamed).then().body("allowed", equalTo(false))
                .body("roles", equalTo(List.of()));
    }

    @Test
    void theTvSessionIsListedAsATvWithItsOwnAddressAndIsRevocable() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of("user"), List.of());
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        Response pair = Tv.poll(tv, req);
        String sid = (String) Tokens.unverifiedClaims(pair.path("access_token")).getClaimValue("sid");

        Response sessions = bearer(viewer.accessToken()).get("/api/v1/account/sessions");
        sessions.then().statusCode(200)
                .body("find { it.id == '" + sid + "' }.device", equalTo("tv"))
                .body("find { it.id == '" + sid + "' }.ip_address", equalTo(req.ip()))
                .body("find { it.id == '" + sid + "' }.user_agent", equalTo(Tv.USER_AGENT))
                .body("find { it.id == '" + sid + "' }.current", equalTo(false));
        // the TV sees its own session as current
        bearer(pair.path("access_token")).get("/api/v1/account/sessions").then().statusCode(200)
                .body("find { it.id == '" + sid + "' }.current", equalTo(true));
        // the history has the TV's login, with the TV's address and class
        bearer(viewer.accessToken()).get("/api/v1/account/history").then().statusCode(200)
                .body("items.find { it.event_type == 'device_login' }.success", equalTo(true))
                .body("items.find { it.event_type == 'device_login' }.device", equalTo("tv"))
                .body("items.find { it.event_type == 'device_login' }.ip_address", equalTo(req.ip()))
                .body("items.find { it.event_type == 'device_login' }.user_agent", equalTo(Tv.USER_AGENT));

        bearer(viewer.accessToken()).delete("/api/v1/account/sessions/" + sid).then().statusCode(204);
        assertProblem(bearer(pair.path("access_token")).get("/api/v1/account"), 401, "TOKEN_REVOKED");
        assertProblem(json().body(Map.of("refresh_token", (String) pair.path("refresh_token")))
                .post("/api/v1/auth/refresh"), 401, "TOKEN_REVOKED");
        // the viewer's own session lives on
        bearer(viewer.accessToken()).get("/api/v1/account").then().statusCode(200);
    }

    @Test
    void aTvSessionLoggedOutBeforeThePickUpIsAccessDenied() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        // listed at once, so the viewer can end it before the TV comes back for it
        String sid = bearer(viewer.accessToken()).get("/api/v1/account/sessions").then().statusCode(200)
                .extract().path("find { it.device == 'tv' }.id");
        bearer(viewer.accessToken()).delete("/api/v1/account/sessions/" + sid).then().statusCode(204);
        assertOAuthError(Tv.poll(tv, req), 400, "access_denied");
        clock.advance(Duration.ofSeconds(6));
        assertOAuthError(Tv.poll(tv, req), 400, "access_denied");
    }

    @Test
    void anApprovalTheTvNeverPicksUpLeavesNoLiveSession() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        clock.advance(Duration.ofMinutes(10));
        bearer(viewer.accessToken()).get("/api/v1/account/sessions").then().statusCode(200)
                .body("device", not(hasItem("tv")));
        assertOAuthError(Tv.poll(tv, req), 400, "expired_token");
    }

    @Test
    void anApprovalSendsTheApproversVerifiedAddressANotice() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        TestUser viewer = verifiedSignup();
        Tv.Request req = Tv.start(tv);
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        Mailbox.Received notice = Mailbox.await(viewer.email(), "A TV was signed in to your account");
        assertTrue(notice.body().contains(tv.name()), notice.body());
        assertTrue(notice.body().contains(req.ip()), notice.body());
        assertTrue(notice.body().contains(viewer.username()), notice.body());
        assertFalse(notice.body().contains(req.userCode()), "no code in the notice: " + notice.body());

        // an address nobody has proven hears nothing
        TestUser unverified = signup();
        Tv.approve(unverified.accessToken(), Tv.start(tv).userCode()).then().statusCode(204);
        Mailbox.await(unverified.email(), "Confirm your email address");
        sleep(1000);
        assertTrue(Mailbox.to(unverified.email()).stream()
                .noneMatch(m -> m.subject().contains("A TV was signed in")));
    }

    @Test
    void aDisabledDeviceClientsPendingRequestIsNotFound() {
        Tv.Client tv = Tv.client(root.accessToken(), List.of(), List.of());
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + tv.id()).then()
                .statusCode(200);
        assertProblem(Tv.lookup(viewer.accessToken(), req.userCode()), 404, "NOT_FOUND");
        assertProblem(Tv.approve(viewer.accessToken(), req.userCode()), 404, "NOT_FOUND");
        assertOAuthError(Tv.poll(tv, req), 401, "invalid_client");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
