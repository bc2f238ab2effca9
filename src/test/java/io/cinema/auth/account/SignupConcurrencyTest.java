package io.cinema.auth.account;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class SignupConcurrencyTest {

    @Test
    void fiftyConcurrentSignupsOfOneUsernameGiveExactlyOne201() throws Exception {
        String name = uniqueName("race");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                start.await();
                return json().body(Map.of("username", n % 2 == 0 ? name : name.toUpperCase(), "email",
                        name + n + "@example.com", "password", PASSWORD)).post("/api/v1/auth/signup");
            }));
        }
        start.countDown();
        int created = 0;
        int conflicts = 0;
        for (Future<Response> f : results) {
            Response r = f.get();
            if (r.statusCode() == 201) {
                created++;
            } else {
                assertEquals(409, r.statusCode(), r.asString());
                assertEquals("USERNAME_TAKEN", r.path("code"));
                conflicts++;
            }
        }
        pool.shutdown();
        assertEquals(1, created);
        assertEquals(49, conflicts);
        long rows = QuarkusTransaction.requiringNew().call(() -> User.count("lower(username) = ?1", name.toLowerCase()));
        assertEquals(1, rows);
        // no orphans: one user, one session, one history row for the signup
        long sessions = QuarkusTransaction.requiringNew().call(() -> io.cinema.auth.token.Session.count(
                "userId in (select u.id from User u where lower(u.username) = ?1)", name.toLowerCase()));
        assertEquals(1, sessions);
    }

    @Test
    void concurrentSignupsOfOneEmailGiveExactlyOne201() throws Exception {
        String email = uniqueName("same") + "@example.com";
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> results = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String name = uniqueName("mail");
            results.add(pool.submit(() -> {
                start.await();
                return json().body(Map.of("username", name, "email", email, "password", PASSWORD)).post("/api/v1/auth/signup");
            }));
        }
        start.countDown();
        int created = 0;
        for (Future<Response> f : results) {
            Response r = f.get();
            if (r.statusCode() == 201) {
                created++;
            } else {
                assertEquals("EMAIL_TAKEN", r.path("code"), r.asString());
            }
        }
        pool.shutdown();
        assertEquals(1, created);
    }
}
