package io.cinema.auth.role;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RoleResourceTest {

    static final String USER_ROLE = "00000000-0000-0000-0000-000000000001";
    static final String SUPERUSER_ROLE = "00000000-0000-0000-0000-000000000002";

    @Inject
    Admins admins;

    TestUser root;

    @BeforeEach
    void setUp() {
        root = admins.superuser();
    }

    String createRole(String name) {
        return bearer(root.accessToken()).body(Map.of("name", name, "description", "test role"))
                .post("/api/v1/roles").then().statusCode(201)
                .body("name", equalTo(name)).body("system", equalTo(false)).extract().path("id");
    }

    @Test
    void superuserCreatesReadsRenamesAndDeletesARole() {
        String name = uniqueName("role");
        String id = createRole(name);
        bearer(root.accessToken()).get("/api/v1/roles").then().statusCode(200)
                .body("name", hasItems("user", "superuser", name));
        bearer(root.accessToken()).get("/api/v1/roles/" + id).then().statusCode(200).body("description", equalTo("test role"));
        bearer(root.accessToken()).body(Map.of("name", name + "x")).patch("/api/v1/roles/" + id).then().statusCode(200)
                .body("name", equalTo(name + "x")).body("description", equalTo("test role"));
        bearer(root.accessToken()).delete("/api/v1/roles/" + id).then().statusCode(204);
        bearer(root.accessToken()).get("/api/v1/roles/" + id).then().statusCode(404).body("code", equalTo("NOT_FOUND"));
    }

    @Test
    void duplicateRoleNamesConflictWithoutRegardToCase() {
        String name = uniqueName("dup");
        createRole(name);
        bearer(root.accessToken()).body(Map.of("name", name.toUpperCase())).post("/api/v1/roles").then()
                .statusCode(409).body("code", equalTo("ROLE_EXISTS"));
        String other = createRole(uniqueName("other"));
        bearer(root.accessToken()).body(Map.of("name", name)).patch("/api/v1/roles/" + other).then()
                .statusCode(409).body("code", equalTo("ROLE_EXISTS"));
    }

    @Test
    void builtInRolesCanBeNeitherDeletedNorRenamed() {
        for (String id : new String[] {USER_ROLE, SUPERUSER_ROLE}) {
            bearer(root.accessToken()).delete("/api/v1/roles/" + id).then().statusCode(409).body("code", equalTo("ROLE_PROTECTED"));
            bearer(root.accessToken()).body(Map.of("name", "renamed")).patch("/api/v1/roles/" + id).then()
                    .statusCode(409).body("code", equalTo("ROLE_PROTECTED"));
        }
        bearer(root.accessToken()).body(Map.of("description", "Every registered user")).patch("/api/v1/roles/" + USER_ROLE)
                .then().statusCode(200).body("system", equalTo(true));
    }

    @Test
    void roleEndpointsNeedATokenAndTheAdministratorRole() {
        json().get("/api/v1/roles").then().statusCode(401).body("code", equalTo("TOKEN_MISSING"));
        TestUser plain = signup();
        bearer(plain.accessToken()).get("/api/v1/roles").then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        bearer(plain.accessToken()).body(Map.of("name", "x")).post("/api/v1/roles").then().statusCode(403);
        bearer(plain.accessToken()).delete("/api/v1/roles/" + USER_ROLE).then().statusCode(403);
    }

    @Test
    void badRoleInputIsAValidationProblem() {
        bearer(root.accessToken()).body(Map.of("description", "no name")).post("/api/v1/roles").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("VALIDATION_FAILED"))
                .body("errors.field", hasItem("name"));
        bearer(root.accessToken()).body(Map.of("name", "has space")).post("/api/v1/roles").then().statusCode(400);
        bearer(root.accessToken()).body(Map.of("name", "x".repeat(65))).post("/api/v1/roles").then().statusCode(400);
        bearer(root.accessToken()).body(Map.of("name", 42)).post("/api/v1/roles").then().statusCode(400);
        bearer(root.accessToken()).body("{\"name\": ").post("/api/v1/roles").then().statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        bearer(root.accessToken()).body(Map.of()).patch("/api/v1/roles/" + USER_ROLE).then().statusCode(400);
        bearer(root.accessToken()).get("/api/v1/roles/not-a-uuid").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        bearer(root.accessToken()).get("/api/v1/roles/00000000-0000-0000-0000-0000000000ff").then().statusCode(404);
    }

    @Test
    void deletingARoleTakesItFromItsUsersAtOnce() {
        String id = createRole(uniqueName("gone"));
        TestUser u = signup();
        bearer(root.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + id).then().statusCode(204);
        String name = bearer(root.accessToken()).get("/api/v1/roles/" + id).path("name");
        bearer(u.accessToken()).get("/api/v1/authz/check?role=" + name).then().body("allowed", equalTo(true));
        bearer(root.accessToken()).delete("/api/v1/roles/" + id).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/authz/check?role=" + name).then().body("allowed", equalTo(false))
                .body("roles", not(hasItem(name)));
    }
}
