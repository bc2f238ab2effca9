package io.cinema.auth.client;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** A service client's token in the only two places it counts: the permission check and forward authentication. */
@QuarkusTest
class ClientTokenAuthzTest {

    @Inject
    Admins admins;

    TestUser root;
    String role;
    TestClients.Made client;
    String token;

    @BeforeEach
    void setUp() {
        root = admins.superuser();
        role = uniqueName("catalog_reader");
        bearer(root.accessToken()).body(Map.of("name", role)).post("/api/v1/roles").then().statusCode(201);
        client = TestClients.create(root.accessToken(), List.of("catalog.read"), List.of(role), null);
        token = TestClients.token(client);
    }

    @Test
    void thePermissionCheckAnswersAClientWithItsClientIdAndCurrentRoles() {
        bearer(token).get("/api/v1/authz/check?role=" + role).then().statusCode(200)
                .body("allowed", equalTo(true)).body("client_id", equalTo(client.clientId()))
                .body("user_id", nullValue()).body("roles", equalTo(List.of(role)));
        bearer(token).get("/api/v1/authz/check?role=superuser").then().statusCode(200).body("allowed", equalTo(false));
        bearer(token).get("/api/v1/authz/check?role=user").then().statusCode(200).body("allowed", equalTo(false));
    }

    @Test
    void forwardAuthenticationPassesAClientOnlyForItsRoleWithTheClientHeaders() {
        bearer(token).get("/api/v1/authz/forward?role=" + role).then().statusCode(200)
                .header("X-Auth-Client-Id", equalTo(client.clientId())).header("X-Auth-Roles", equalTo(role))
                .header("X-Auth-User-Id", nullValue()).header("X-Auth-Username", nullValue())
                .header("X-Auth-Session-Id", nullValue());
        bearer(token).get("/api/v1/authz/forward").then().statusCode(403).header("X-Auth-Error", equalTo("FORBIDDEN"));
        bearer(token).get("/api/v1/authz/forward?role=user").then().statusCode(403);
        bearer(token).get("/api/v1/authz/forward?role=superuser").then().statusCode(403);
    }

    @Test
    void aDisabledClientsTokenIsRefusedAtOnceAndAcceptedAgainWhenEnabled() {
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + client.id()).then()
                .statusCode(200);
        bearer(token).get("/api/v1/authz/check?role=" + role).then().statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
        bearer(token).get("/api/v1/authz/forward?role=" + role).then().statusCode(401)
                .header("X-Auth-Error", equalTo("TOKEN_REVOKED"));
        bearer(root.accessToken()).body(Map.of("active", true)).patch("/api/v1/clients/" + client.id()).then()
                .statusCode(200);
        bearer(token).get("/api/v1/authz/forward?role=" + role).then().statusCode(200);
    }

    @Test
    void aRoleTakenFromTheClientAndTheClientDeletedShowAtOnce() {
        bearer(root.accessToken()).body(Map.of("roles", List.of())).patch("/api/v1/clients/" + client.id()).then()
                .statusCode(200);
        bearer(token).get("/api/v1/authz/forward?role=" + role).then().statusCode(403);
        bearer(token).get("/api/v1/authz/check?role=" + role).then().body("allowed", equalTo(false));
        bearer(root.accessToken()).delete("/api/v1/clients/" + client.id()).then().statusCode(204);
        bearer(token).get("/api/v1/authz/check?role=" + role).then().statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void aClientTokenIsRefusedOnEveryUserEndpoint() {
        for (String path : new String[] {"/api/v1/account", "/api/v1/account/sessions", "/api/v1/roles",
            "/api/v1/users", "/api/v1/clients"}) {
            bearer(token).get(path).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        }
        bearer(token).post("/api/v1/auth/logout").then().statusCode(403);
    }
}
