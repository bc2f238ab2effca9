package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Http.Answer;
import io.restassured.path.json.JsonPath;

/**
 * Black box: the packaged jar is SIGKILLed while a storm of signups, logins, refreshes and logouts runs, its Redis is
 * flushed at the same moment, and it is started again. PostgreSQL, the truth, must then hold nothing half-done, and
 * every answer a client can get is what the database says, whatever Redis had: flushing it again changes none of
 * them (only the rate-limit and lock counts, which live in Redis alone, start again). A database of its own
 * ({@code <AUTH_TEST_DB>_crash}) on the test run's PostgreSQL and a throwaway Redis.
 */
class CrashConsistencyIT {

    static ThrowawayRedis redis;
    static ServiceReplica service;

    static String database() {
        return TestServers.database() + "_crash";
    }

    static ServiceReplica replica() throws Exception {
        return new ServiceReplica(database(), List.of("-Dquarkus.redis.hosts=redis://127.0.0.1:" + redis.port(),
                "-D%test.quarkus.redis.hosts=redis://127.0.0.1:" + redis.port()));
    }

    @BeforeAll
    static void start() throws Exception {
        ServiceReplica.createDatabase(database());
        redis = new ThrowawayRedis();
        redis.start();
        service = replica().start().awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** What a client saw succeed, per user id: event type → count. */
    final Map<String, Map<String, AtomicInteger>> seen = new ConcurrentHashMap<>();

    void saw(String userId, String event) {
        seen.computeIfAbsent(userId, k -> new ConcurrentHashMap<>()).computeIfAbsent(event, k -> new AtomicInteger())
                .incrementAndGet();
    }

    static String claim(String accessToken, String name) {
        return JsonPath.from(new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]),
                StandardCharsets.UTF_8)).getString(name);
    }

    /** A client's view of one session: its last tokens, and whether it saw the logout succeed. */
    static final class Client {
        final String username;
        final String userId;
        volatile String access;
        volatile String refresh;
        volatile boolean loggedOut;

        Client(String username, String access, String refresh) {
            this.username = username;
            this.userId = claim(access, "sub");
            this.access = access;
            this.refresh = refresh;
        }
    }

    @Test
    void aServiceKilledDuringAStormAndRestartedOnAFlushedRedisLeavesNothingHalfDoneAndAnswersAsBefore()
            throws Exception {
        int port = service.port();
        List<Client> clients = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger answered = new AtomicInteger();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        ExecutorService storm = Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            workers.add(storm.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int op = rnd.nextInt(10);
                    if (op < 3 || clients.size() < 4) {
                        String name = "c_" + Long.toHexString(rnd.nextLong());
                        Answer r = Http.post(port, "/api/v1/auth/signup",
                                Map.of("username", name, "email", name + "@example.com", "password", Http.PASSWORD),
                                null);
                        if (r.status() == 201) {
                            Client c = new Client(name, r.path("access_token"), r.path("refresh_token"));
                            saw(c.userId, "signup");
                            clients.add(c);
                        } else if (r.status() != 0 && r.status() != 503) {
                            unexpected.add("signup " + r);
                        }
                    } else {
                        Client c = clients.get(rnd.nextInt(clients.size()));
                        synchronized (c) {
                            if (c.loggedOut) {
                                continue;
                            }
                            if (op < 5) {
                                Answer r = Http.post(port, "/api/v1/auth/login",
                                        Map.of("login", c.username, "password", Http.PASSWORD), null);
                                if (r.status() == 200) {
                                    saw(c.userId, "login");
                                    clients.add(new Client(c.username, r.path("access_token"),
                                            r.path("refresh_token")));
                                } else if (r.status() != 0 && r.status() != 503) {
                                    unexpected.add("login " + r);
                                }
                            } else if (op < 8) {
                                Answer r = Http.post(port, "/api/v1/auth/refresh", Map.of("refresh_token", c.refresh),
                                        null);
                                if (r.status() == 200) {
                                    saw(c.userId, "refresh");
                                    c.refresh = r.path("refresh_token");
                                    c.access = r.path("access_token");
                                } else if (r.status() != 0 && r.status() != 503 && r.status() != 429) {
                                    unexpected.add("refresh " + r);
                                }
                            } else {
                                Answer r = Http.post(port, "/api/v1/auth/logout", Map.of(), c.access);
                                if (r.status() == 204) {
                                    saw(c.userId, "logout");
                                    c.loggedOut = true;
                                } else if (r.status() != 0 && r.status() != 503) {
                                    unexpected.add("logout " + r);
                                }
                            }
                        }
                    }
                    answered.incrementAndGet();
                }
                return null;
            }));
        }
        // the kill lands once the storm is in full swing, whatever the machine's speed
        long deadline = System.currentTimeMillis() + 60_000;
        while (answered.get() < 150 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        service.kill();
        assertEquals("OK", redis.command("FLUSHALL"));
        stop.set(true);
        storm.shutdown();
        assertTrue(storm.awaitTermination(60, TimeUnit.SECONDS));
        for (java.util.concurrent.Future<?> f : workers) {
            f.get();
        }
        System.out.printf("CrashConsistencyIT: %d requests, %d sessions seen, killed with requests in flight%n",
                answered.get(), clients.size());
        assertTrue(unexpected.isEmpty(), "answers before the kill: " + unexpected);
        assertTrue(answered.get() >= 150, "the storm ran: " + answered.get());

        service = replica().start().awaitReady();
        int restarted = service.port();

        Map<String, String> findings = consistencyFindings();
        assertTrue(findings.values().stream().allMatch(String::isEmpty), "half-done after the crash: " + findings);
        List<String> missingHistory = missingHistory();
        assertTrue(missingHistory.isEmpty(), "history rows missing for events a client saw succeed: " + missingHistory);

        // what every client gets now, from PostgreSQL through an empty Redis; then flushed again: the same answers
        List<Client> sample = new ArrayList<>(clients);
        Collections.shuffle(sample);
        sample = sample.subList(0, Math.min(40, sample.size()));
        Map<String, String> first = answers(restarted, sample);
        for (Client c : sample) {
            String got = first.get(c.userId + " " + claim(c.access, "sid"));
            if (c.loggedOut) {
                assertEquals("401 TOKEN_REVOKED", got, "a logout the client saw succeed holds after the crash");
            }
        }
        assertEquals("OK", redis.command("FLUSHALL"));
        assertEquals(first, answers(restarted, sample), "flushing Redis changes no answer");
        System.out.printf("CrashConsistencyIT: consistency queries found nothing; %d sessions answer the same through a"
                + " flushed Redis: %s%n", first.size(), first.values().stream()
                                .collect(Collectors.groupingBy(v -> v, Collectors.counting())));
    }

    /** The permission check of each client's last access token: "200 true", or the status and code. */
    static Map<String, String> answers(int port, List<Client> clients) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Client c : clients) {
            Answer r = Http.get(port, "/api/v1/authz/check?role=user", c.access);
            out.put(c.userId + " " + claim(c.access, "sid"),
                    r.status() == 200 ? "200 " + r.path("allowed") : r.status() + " " + r.code());
        }
        return out;
    }

    /** Each consistency query and the rows it found (empty: none). */
    static Map<String, String> consistencyFindings() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("session without its first refresh token",
                "SELECT s.id FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.session_id = s.id)");
        queries.put("refresh chain with two unused successors",
                "SELECT session_id FROM tokens WHERE NOT used GROUP BY session_id HAVING count(*) > 1");
        queries.put("used refresh token without its successor",
                "SELECT t.id FROM tokens t WHERE t.used AND (t.successor_hash IS NULL OR NOT EXISTS"
                        + " (SELECT 1 FROM tokens n WHERE n.token_hash = t.successor_hash"
                        + " AND n.session_id = t.session_id))");
        queries.put("user without the user role",
                "SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_roles ur"
                        + " JOIN roles r ON r.id = ur.role_id"
                        + " WHERE ur.user_id = u.id AND r.name = 'user')");
        queries.put("session without a signup or login history row of its user",
                "SELECT s.id FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM auth_history h WHERE h.user_id = s.user_id"
                        + " AND h.success AND h.event_type IN ('signup', 'login', 'social_login')"
                        + " AND h.occurred_at BETWEEN s.created_at - interval '1 minute'"
                        + " AND s.created_at + interval '1 minute')");
        Map<String, String> found = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(TestServers.jdbcUrl(database()), "postgres", "")) {
            for (Map.Entry<String, String> q : queries.entrySet()) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement s = c.prepareStatement(q.getValue()); ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
                found.put(q.getKey(), rows.isEmpty() ? "" : rows.size() + " row(s), e.g. " + rows.get(0));
            }
        }
        return found;
    }

    /** Users whose successful history rows of an event are fewer than the successes their client saw. */
    List<String> missingHistory() throws Exception {
        List<String> missing = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestServers.jdbcUrl(database()), "postgres", "");
                PreparedStatement q = c.prepareStatement("SELECT count(*) FROM auth_history WHERE user_id = ?::uuid"
                        + " AND event_type = ? AND success")) {
            for (Map.Entry<String, Map<String, AtomicInteger>> u : seen.entrySet()) {
                for (Map.Entry<String, AtomicInteger> e : u.getValue().entrySet()) {
                    q.setString(1, u.getKey());
                    q.setString(2, e.getKey());
                    try (ResultSet r = q.executeQuery()) {
                        r.next();
                        if (r.getLong(1) < e.getValue().get()) {
                            missing.add(u.getKey() + " " + e.getKey() + ": " + r.getLong(1) + " row(s), the client saw "
                                    + e.getValue().get());
                        }
                    }
                }
            }
        }
        return missing;
    }
}
