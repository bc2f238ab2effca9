package io.cinema.auth.client;

import static io.cinema.auth.client.TestClients.basic;
import static io.cinema.auth.client.TestClients.clientCredentials;
import static io.cinema.auth.client.TestClients.form;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.client.TestClients.Made;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.TestClock;
import io.cinema.auth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * /api/v1/clients for superusers only; with {@code auth.admin-role} set (moderator), so that the administrator role
 * is refused both as a caller and as a client's role.
 */
@QuarkusTest
@TestProfile(ClientResourceTest.ModeratorsAdminister.class)
class ClientResourceTest {

    /** The same setting as the administrator-role tests'. */
    public static class ModeratorsAdminister implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.admin-role", "moderator");
        }
    }

    @Inject
    Admins admins;
    @Inject
    TestClock clock;

    TestUser root;

    @BeforeEach
    void setUp() {
        root = admins.superuser();
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    String role(String name) {
        Response r = bearer(root.accessToken()).body(Map.of("name", name)).post("/api/v1/roles");
        if (r.statusCode() == 409) {
            return bearer(root.accessToken()).get("/api/v1/roles").then().extract()
                    .path("find { it.name == '" + name + "' }.id");
        }
        r.then().statusCode(201);
        return r.path("id");
    }

    @Test
    void createShowsTheSecretOnceAndReadsNeverShowIt() {
        String roleName = uniqueName("catalog");
        role(roleName);
        Response created = bearer(root.accessToken()).body(Map.of("name", "Catalog service",
                "scopes", List.of("catalog:read"), "roles", List.of(roleName))).post("/api/v1/clients");
        created.then().statusCode(201).header("Cache-Control", "no-store")
                .body("id", notNullValue()).body("client_id", notNullValue()).body("client_secret", notNullValue())
                .body("name", equalTo("Catalog service")).body("scopes", equalTo(List.of("catalog:read")))
                .body("roles", equalTo(List.of(roleName))).body("grant_types", equalTo(List.of("client_credentials")))
                .body("active", equalTo(true)).body("created_at", notNullValue());
        String id = created.path("id");
        String secret = created.path("client_secret");
        assertTrue(secret.length() >= 43, "256 bits, base64url");
        assertNotEquals(created.path("client_id"), secret);

        bearer(root.accessToken()).get("/api/v1/clients/" + id).then().statusCode(200)
                .body("client_id", equalTo(created.path("client_id"))).body("$", not(hasKey("client_secret")));
        Response page = bearer(root.accessToken()).get("/api/v1/clients?page=1&size=100");
        page.then().statusCode(200).body("page", equalTo(1)).body("size", equalTo(100)).body("total", notNullValue());
        int pages = page.path("pages");
        boolean found = false;
        for (int p = 1; p <= pages && !found; p++) {
            List<String> ids = bearer(root.accessToken()).get("/api/v1/clients?size=100&page=" + p).path("items.id");
            found = ids.contains(id);
            assertTrue(bearer(root.accessToken()).get("/api/v1/clients?size=100&page=" + p).asString()
                    .indexOf("client_secret") < 0);
        }
        assertTrue(found);
        bearer(root.accessToken()).get("/api/v1/clients?size=0").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        bearer(root.accessToken()).get("/api/v1/clients?page=0").then().statusCode(400);
    }

    @Test
    void aPublicDeviceClientHasNoSecret() {
        Response r = bearer(root.accessToken()).body(Map.of("name", "Living-room TV", "grant_types",
                List.of("device_code"))).post("/api/v1/clients");
        r.then().statusCode(201).body("grant_types", equalTo(List.of("device_code"))).body("$", not(hasKey("client_secret")));
        bearer(root.accessToken()).post("/api/v1/clients/" + r.path("id") + "/secret").then().statusCode(409)
                .body("code", equalTo("CONFLICT"));
    }

    @Test
    void aClientNeverHoldsSuperuserOrTheAdministratorRole() {
        role("moderator");
        for (String bad : List.of("superuser", "moderator", "MODERATOR", uniqueName("missing"))) {
            bearer(root.accessToken()).body(Map.of("name", "x", "roles", List.of(bad))).post("/api/v1/clients").then()
                    .statusCode(400).contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"))
                    .body("errors.field", hasItem("roles"));
        }
        Made c = TestClients.create(root.accessToken(), List.of());
        bearer(root.accessToken()).body(Map.of("roles", List.of("superuser"))).patch("/api/v1/clients/" + c.id())
                .then().statusCode(400).body("errors.field", hasItem("roles"));
        bearer(root.accessToken()).get("/api/v1/clients/" + c.id()).then().body("roles", equalTo(List.of()));
    }

    @Test
    void badInputIsAValidationProblem() {
        bearer(root.accessToken()).body(Map.of("scopes", List.of("a"))).post("/api/v1/clients").then().statusCode(400)
                .body("errors.field", hasItem("name"));
        bearer(root.accessToken()).body(Map.of("name", "x", "scopes", List.of("has space"))).post("/api/v1/clients")
                .then().statusCode(400).body("errors.field", hasItem("scopes"));
        bearer(root.accessToken()).body(Map.of("name", "x", "grant_types", List.of("client_credentials", "device_code")))
                .post("/api/v1/clients").then().statusCode(400).body("errors.field", hasItem("grant_types"));
        bearer(root.accessToken()).body(Map.of("name", "x", "grant_types", List.of("password")))
                .post("/api/v1/clients").then().statusCode(400).body("errors.field", hasItem("grant_types"));
        bearer(root.accessToken()).body("{\"name\": ").post("/api/v1/clients").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        Made c = TestClients.create(root.accessToken(), List.of());
        bearer(root.accessToken()).body(Map.of()).patch("/api/v1/clients/" + c.id()).then().statusCode(400);
    }

    @Test
    void onlyASuperuserAdministersClients() {
        json().get("/api/v1/clients").then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
        Made c = TestClients.create(root.accessToken(), List.of());
        TestUser plain = signup();
        // the configured administrator role administers roles and users, not service clients
        TestUser mod = signup();
        String modRole = role("moderator");
        bearer(root.accessToken()).put("/api/v1/users/" + mod.id() + "/roles/" + modRole).then().statusCode(204);
        String modToken = login(mod.username(), Api.PASSWORD).path("access_token");
        bearer(modToken).get("/api/v1/roles").then().statusCode(200);
        for (String token : List.of(plain.accessToken(), modToken)) {
            bearer(token).get("/api/v1/clients").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
            bearer(token).body(Map.of("name", "x")).post("/api/v1/clients").then().statusCode(403);
            bearer(token).get("/api/v1/clients/" + c.id()).then().statusCode(403);
            bearer(token).body(Map.of("active", false)).patch("/api/v1/clients/" + c.id()).then().statusCode(403);
            bearer(token).delete("/api/v1/clients/" + c.id()).then().statusCode(403);
            bearer(token).post("/api/v1/clients/" + c.id() + "/secret").then().statusCode(403);
        }
        bearer(root.accessToken()).get("/api/v1/clients/" + c.id()).then().statusCode(200).body("active", equalTo(true));
    }

    @Test
    void unknownAndDeletedClientsAreNotFound() {
        for (String id : List.of("not-a-uuid", "00000000-0000-0000-0000-0000000000ff")) {
            bearer(root.accessToken()).get("/api/v1/clients/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
            bearer(root.accessToken()).delete("/api/v1/clients/" + id).then().statusCode(404);
        }
        Made c = TestClients.create(root.accessToken(), List.of());
        bearer(root.accessToken()).delete("/api/v1/clients/" + c.id()).then().statusCode(204);
        bearer(root.accessToken()).get("/api/v1/clients/" + c.id()).then().statusCode(404);
        bearer(root.accessToken()).body(Map.of("name", "y")).patch("/api/v1/clients/" + c.id()).then().statusCode(404);
        bearer(root.accessToken()).post("/api/v1/clients/" + c.id() + "/secret").then().statusCode(404);
        bearer(root.accessToken()).delete("/api/v1/clients/" + c.id()).then().statusCode(404);
        List<String> ids = bearer(root.accessToken()).get("/api/v1/clients?size=100&page=1").path("items.id");
        assertTrue(!ids.contains(c.id()));
    }

    @Test
    void patchChangesNameScopesRolesAndActive() {
        String r1 = uniqueName("r");
        role(r1);
        Made c = TestClients.create(root.accessToken(), List.of("a"));
        bearer(root.accessToken()).body(Map.of("name", "Renamed", "scopes", List.of("b", "c"), "roles", List.of(r1)))
                .patch("/api/v1/clients/" + c.id()).then().statusCode(200).body("name", equalTo("Renamed"))
                .body("scopes", equalTo(List.of("b", "c"))).body("roles", equalTo(List.of(r1)))
                .body("active", equalTo(true));
        Response token = clientCredentials(randomIp(), c);
        token.then().statusCode(200).body("scope", equalTo("b c"));
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + c.id()).then()
                .statusCode(200).body("active", equalTo(false)).body("name", equalTo("Renamed"));
    }

    @Test
    void aNewSecretOverlapsWithThePreviousForTheConfiguredTime() {
        Made c = TestClients.create(root.accessToken(), List.of());
        clock.freeze(Instant.now());
        Response rotated = bearer(root.accessToken()).post("/api/v1/clients/" + c.id() + "/secret");
        rotated.then().statusCode(201).header("Cache-Control", "no-store").body("client_id", equalTo(c.clientId()))
                .body("previous_secret_expires_at", notNullValue());
        Made fresh = new Made(c.id(), c.clientId(), rotated.path("client_secret"));
        assertNotEquals(c.secret(), fresh.secret());
        clientCredentials(randomIp(), c).then().statusCode(200);
        clientCredentials(randomIp(), fresh).then().statusCode(200);

        clock.advance(Duration.ofDays(1).minusSeconds(1));
        clientCredentials(randomIp(), c).then().statusCode(200);
        clock.advance(Duration.ofSeconds(1));
        clientCredentials(randomIp(), c).then().statusCode(401).body("error", equalTo("invalid_client"));
        clientCredentials(randomIp(), fresh).then().statusCode(200);

        // a second rotation ends the first secret's overlap at once: only the last two ever work
        Made third = new Made(c.id(), c.clientId(),
                bearer(root.accessToken()).post("/api/v1/clients/" + c.id() + "/secret").path("client_secret"));
        clientCredentials(randomIp(), fresh).then().statusCode(200);
        clientCredentials(randomIp(), third).then().statusCode(200);
        clientCredentials(randomIp(), c).then().statusCode(401);
    }

    @Test
    void clientRolesFollowRoleRenamesAndDeletions() throws Exception {
        String name = uniqueName("follow");
        String roleId = role(name);
        Made c = TestClients.create(root.accessToken(), List.of(), List.of(name), null);
        bearer(root.accessToken()).body(Map.of("name", name + "_new")).patch("/api/v1/roles/" + roleId).then()
                .statusCode(200);
        bearer(root.accessToken()).get("/api/v1/clients/" + c.id()).then().body("roles", equalTo(List.of(name + "_new")));
        JwtClaims claims = Tokens.unverifiedClaims(TestClients.token(c));
        assertEquals(List.of(name + "_new"), claims.getStringListClaimValue("groups"));

        bearer(root.accessToken()).delete("/api/v1/roles/" + roleId).then().statusCode(204);
        bearer(root.accessToken()).get("/api/v1/clients/" + c.id()).then().body("roles", equalTo(List.of()));
        // a new role of the old name is not the client's
        role(name + "_new");
        form(randomIp()).header("Authorization", basic(c.clientId(), c.secret()))
                .formParam("grant_type", "client_credentials").post("/oauth2/token").then().statusCode(200);
        assertEquals(List.of(), Tokens.unverifiedClaims(TestClients.token(c)).getStringListClaimValue("groups"));
    }
}
