package io.cinema.auth.role;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With {@code auth.admin-role} set, that role administers, but never touches the superuser role or superusers. */
@QuarkusTest
@TestProfile(AdministratorRoleTest.ModeratorsAdminister.class)
class AdministratorRoleTest {

    public static class ModeratorsAdminister implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.admin-role", "moderator");
        }
    }

    @Inject
    Admins admins;

    TestUser moderator(TestUser root) {
        TestUser m = signup();
        String roleId = bearer(root.accessToken()).get("/api/v1/roles").then().statusCode(200).extract()
                .path("find { it.name == 'moderator' }.id");
        if (roleId == null) {
            roleId = bearer(root.accessToken()).body(Map.of("name", "moderator")).post("/api/v1/roles").then()
                    .statusCode(201).extract().path("id");
        }
        bearer(root.accessToken()).put("/api/v1/users/" + m.id() + "/roles/" + roleId).then().statusCode(204);
        String token = login(m.username(), Api.PASSWORD).path("access_token");
        return new TestUser(m.username(), m.email(), m.password(), token, null, m.id());
    }

    @Test
    void theAdministratorRoleManagesRolesAndUsers() {
        TestUser mod = moderator(admins.superuser());
        TestUser u = signup();
        String roleId = bearer(mod.accessToken()).body(Map.of("name", uniqueName("vip"))).post("/api/v1/roles").then()
                .statusCode(201).extract().path("id");
        bearer(mod.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + roleId).then().statusCode(204);
        bearer(mod.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + u.id()).then().statusCode(200)
                .body("active", equalTo(false));
        bearer(mod.accessToken()).get("/api/v1/users").then().statusCode(200);
    }

    @Test
    void theAdministratorRoleCannotMakeItselfSuperuserNorTouchSuperusers() {
        TestUser root = admins.superuser();
        TestUser mod = moderator(root);
        bearer(mod.accessToken()).put("/api/v1/users/" + mod.id() + "/roles/" + RoleResourceTest.SUPERUSER_ROLE).then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        bearer(mod.accessToken()).delete("/api/v1/users/" + root.id() + "/roles/" + RoleResourceTest.SUPERUSER_ROLE)
                .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        bearer(mod.accessToken()).body(Map.of("active", false)).patch("/api/v1/users/" + root.id()).then()
                .statusCode(403).body("code", equalTo("FORBIDDEN"));
        bearer(root.accessToken()).get("/api/v1/account").then().statusCode(200);
    }
}
