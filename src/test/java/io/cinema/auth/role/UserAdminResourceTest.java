package io.cinema.auth.role;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class UserAdminResourceTest {

    static final String SUPERUSER_ROLE = RoleResourceTest.SUPERUSER_ROLE;

    @Inject
    Admins admins;

    TestUser root;

    @BeforeEach
    void setUp() {
        root = admins.superuser();
    }

    @Test
    void listsAndSearchesUsersWithPaging() {
        TestUser u = signup(uniqueName("Findme"));
        bearer(root.accessToken()).queryParam("query", u.username().toLowerCase()).get("/api/v1/users").then()
                .statusCode(200).body("items", hasSize(1)).body("items[0].id", equalTo(u.id()))
                .body("items[0].roles", hasItem("user")).body("total", equalTo(1)).body("pages", equalTo(1))
                .body("page", equalTo(1)).body("size", equalTo(20));
        bearer(root.accessToken()).queryParam("size", 1).get("/api/v1/users").then().statusCode(200)
                .body("items", hasSize(1)).body("total", greaterThanOrEqualTo(2));
        bearer(root.accessToken()).queryParam("query", "%").get("/api/v1/users").then().statusCode(200);
        for (String bad : new String[] {"page=0", "size=0", "size=101", "page=-1", "page=abc", "size=99999999999"}) {
            bearer(root.accessToken()).get("/api/v1/users?" + bad).then().statusCode(400)
                    .body("code", equalTo("VALIDATION_FAILED"));
        }
    }

    @Test
    void readsOneUserAndAnswers404ForUnknownIds() {
        TestUser u = signup();
        bearer(root.accessToken()).get("/api/v1/users/" + u.id()).then().statusCode(200)
                .body("username", equalTo(u.username())).body("active", equalTo(true));
        bearer(root.accessToken()).get("/api/v1/users/" + java.util.UUID.randomUUID()).then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        bearer(root.accessToken()).get("/api/v1/users/..%2F..%2Fetc%2Fpasswd").then().statusCode(404);
        bearer(root.accessToken()).get("/api/v1/users/" + u.id() + "/roles").then().statusCode(200)
                .body("name", hasItem("user"));
    }

    @Test
    void disablingAUserRevokesItsSessionsAtOnceAndBlocksLogin() {
        TestUser u = signup();
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + u.id()).then()
                .statusCode(200).body("active", equalTo(false));
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        json().body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/refresh").then().statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
        login(u.username(), PASSWORD).then().statusCode(403).body("code", equalTo("ACCOUNT_DISABLED"));
        login(u.username(), "wrong password 123").then().statusCode(401).body("code", equalTo("INVALID_CREDENTIALS"));
        bearer(root.accessToken()).body(Map.of("active", true)).patch("/api/v1/users/" + u.id()).then().statusCode(200);
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void givingAndTakingRolesIsIdempotentAndShowsInTheCheckAtOnce() {
        TestUser u = signup();
        String roleName = uniqueName("subscriber");
        String roleId = bearer(root.accessToken()).body(Map.of("name", roleName)).post("/api/v1/roles").then()
                .statusCode(201).extract().path("id");
        bearer(u.accessToken()).get("/api/v1/authz/check?role=" + roleName).then().body("allowed", equalTo(false));
        bearer(root.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
        bearer(root.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/authz/check?role=" + roleName).then().body("allowed", equalTo(true));
        bearer(root.accessToken()).delete("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
        bearer(root.accessToken()).delete("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        bearer(u.accessToken()).get("/api/v1/authz/check?role=" + roleName).then().body("allowed", equalTo(false));
        bearer(root.accessToken()).put("/api/v1/users/" + java.util.UUID.randomUUID() + "/roles/" + roleId).then()
                .statusCode(404);
        bearer(root.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + java.util.UUID.randomUUID()).then()
                .statusCode(404);
    }

    @Test
    void anAdministratorRoleCannotTouchSuperusersOrMakeItselfSuperuser() {
        // auth.admin-role is not configured in the test profile, so an administrator here is a superuser; a plain
        // user with an arbitrary role stays forbidden everywhere
        TestUser u = signup();
        bearer(u.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + SUPERUSER_ROLE).then().statusCode(403)
                .body("code", equalTo("FORBIDDEN"));
        bearer(u.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + root.id()).then().statusCode(403);
        bearer(u.accessToken()).get("/api/v1/users").then().statusCode(403);
        json().get("/api/v1/users").then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
    }

    @Test
    void theLastActiveSuperuserCanNeitherLoseTheRoleNorBeDisabled() {
        // make every other superuser inactive for the duration of this check, then restore them
        java.util.List<java.util.UUID> others = QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            java.util.List<java.util.UUID> ids = io.cinema.auth.account.User.getEntityManager().createNativeQuery("""
                    SELECT u.id FROM users u JOIN user_roles ur ON ur.user_id = u.id
                    WHERE ur.role_id = '00000000-0000-0000-0000-000000000002' AND u.active AND u.id <> ?1""")
                    .setParameter(1, java.util.UUID.fromString(root.id())).getResultList();
            if (!ids.isEmpty()) {
                io.cinema.auth.account.User.update("active = false where id in ?1", ids);
            }
            return ids;
        });
        try {
            bearer(root.accessToken()).delete("/api/v1/users/" + root.id() + "/roles/" + SUPERUSER_ROLE).then()
                    .statusCode(409).body("code", equalTo("CONFLICT"));
            bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + root.id()).then()
                    .statusCode(409).body("code", equalTo("CONFLICT"));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> {
                if (!others.isEmpty()) {
                    io.cinema.auth.account.User.update("active = true where id in ?1", others);
                }
            });
        }
    }

    @Test
    void aSuperuserGivesAndTakesTheSuperuserRole() {
        TestUser u = signup();
        bearer(root.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + SUPERUSER_ROLE).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/roles").then().statusCode(200);
        bearer(root.accessToken()).delete("/api/v1/users/" + u.id() + "/roles/" + SUPERUSER_ROLE).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/roles").then().statusCode(403);
    }

    @Test
    void badAdministrationInputIsAValidationProblem() {
        TestUser u = signup();
        bearer(root.accessToken()).body(Map.of()).patch("/api/v1/users/" + u.id()).then().statusCode(400)
                .body("errors.field", hasItem("active"));
        bearer(root.accessToken()).body(Map.of("active", "no")).patch("/api/v1/users/" + u.id()).then().statusCode(400);
        bearer(root.accessToken()).body("[]").patch("/api/v1/users/" + u.id()).then().statusCode(400);
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/not-a-uuid").then().statusCode(404);
        bearer(root.accessToken()).queryParam("query", "x".repeat(300)).get("/api/v1/users").then().statusCode(400);
        bearer(root.accessToken()).get("/api/v1/users").then().statusCode(200).body("items.username", not(hasItem("")));
    }
}
