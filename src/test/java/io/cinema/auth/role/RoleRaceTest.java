package io.cinema.auth.role;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class RoleRaceTest {

    @Inject
    Admins admins;

    @Test
    void concurrentGrantsOfOneRoleEndWithOneAssignment() throws Exception {
        TestUser root = admins.superuser();
        TestUser u = signup();
        String roleId = bearer(root.accessToken()).body(Map.of("name", uniqueName("race"))).post("/api/v1/roles").then()
                .statusCode(201).extract().path("id");
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            results.add(pool.submit(() -> {
                start.await();
                return bearer(root.accessToken()).put("/api/v1/users/" + u.id() + "/roles/" + roleId).statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> f : results) {
            assertEquals(204, f.get());
        }
        pool.shutdown();
        long rows = QuarkusTransaction.requiringNew().call(() -> UserRole.count("userId = ?1 and roleId = ?2",
                UUID.fromString(u.id()), UUID.fromString(roleId)));
        assertEquals(1, rows);
    }
}
