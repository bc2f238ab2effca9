package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import io.cinema.auth.support.Http.Answer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

/**
 * Two replicas of the packaged jar on one PostgreSQL database and a real Redis topology (the subclass says which):
 * the acceptance-level flows across the replicas, then a master SIGKILLed while both replicas take logins, refreshes,
 * permission checks, logouts, checks of revoked sessions and logins to locked accounts. Every answer must be right or
 * 503 SERVICE_UNAVAILABLE (never 500, never a wrong 401, never a revoked session or a locked account let in), and
 * both replicas must answer everything again within 30 s of the new master, without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ReplicasOnRedisTopology {

    protected RedisTopology redis;
    protected ServiceReplica a;
    protected ServiceReplica b;
    protected final Vertx vertx = Vertx.vertx();
    /** Failures the Vert.x client reported from the real servers during the fail-over, for the classification. */
    protected final List<Throwable> captured = new CopyOnWriteArrayList<>();

    protected abstract RedisTopology startTopology() throws Exception;

    /** The data port to kill: the one serving {@code victimUser}'s keys. */
    protected abstract int victim(UUID victimUser) throws Exception;

    /** Blocks until the topology has promoted a new master after {@code killed} died; returns its port. */
    protected abstract int awaitNewMaster(int killed) throws Exception;

    /** The replicas' database. */
    protected final String db = TestServers.database() + "_topology";

    @BeforeAll
    void startTopologyAndTwoReplicas() throws Exception {
        long started = System.nanoTime();
        redis = startTopology();
        ServiceReplica.createDatabase(db);
        a = new ServiceReplica(db, redis.serviceProperties()).start();
        b = new ServiceReplica(db, redis.serviceProperties()).start();
        a.awaitReady();
        b.awaitReady();
        System.out.printf("%s: topology and two replicas up in %d ms%n", getClass().getSimpleName(),
                (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    void stopAll() throws Exception {
        for (ServiceReplica r : new ServiceReplica[] {a, b}) {
            if (r != null) {
                r.close();
            }
        }
        if (redis != null) {
            redis.close();
        }
        vertx.close();
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Flows
    // -----------------------------------------------------------------------------------------------------------------

    protected record Login(String userId, String username, String access, String refresh) {
    }

    static String unique(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    protected Login signup(ServiceReplica on) {
        String name = unique("v");
        Answer r = Http.post(on.port(), "/api/v1/auth/signup",
                Map.of("username", name, "email", name + "@example.com", "password", Http.PASSWORD), null);
        assertEquals(201, r.status(), r.toString());
        String access = r.path("access_token");
        Answer me = Http.get(on.port(), "/api/v1/account", access);
        assertEquals(200, me.status(), me.toString());
        return new Login(me.path("id"), name, access, r.path("refresh_token"));
    }

    protected static Answer login(ServiceReplica on, String login, String password) {
        return Http.post(on.port(), "/api/v1/auth/login", Map.of("login", login, "password", password), null);
    }

    protected static Answer refresh(ServiceReplica on, String refreshToken) {
        return Http.post(on.port(), "/api/v1/auth/refresh", Map.of("refresh_token", refreshToken), null);
    }

    /** Revokes the token's session in the replicas' database only, with or without the outbox row for it. */
    protected void revokeInPostgres(String access, boolean withOutboxRow) throws Exception {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(access.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        UUID sid = UUID.fromString(io.restassured.path.json.JsonPath.from(payload).getString("sid"));
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(TestServers.jdbcUrl(db), "postgres", "")) {
            c.setAutoCommit(false);
            try (var u = c.prepareStatement(
                    "UPDATE sessions SET revoked_at = now(), revoke_reason = 'logout' WHERE id = ?")) {
                u.setObject(1, sid);
                assertEquals(1, u.executeUpdate());
            }
            if (withOutboxRow) {
                try (var o = c.prepareStatement(
                        "INSERT INTO cache_outbox (id, kind, target) VALUES (?, 'session_revoked', ?)")) {
                    o.setObject(1, UUID.randomUUID());
                    o.setObject(2, sid);
                    o.executeUpdate();
                }
            }
            c.commit();
        }
    }

    protected static Answer check(ServiceReplica on, String access) {
        return Http.get(on.port(), "/api/v1/authz/check?role=user", access);
    }

    protected static Answer logout(ServiceReplica on, String access) {
        return Http.post(on.port(), "/api/v1/auth/logout", Map.of(), access);
    }

    /** Ten wrong passwords, alternating replicas: the account is then locked on both. */
    protected void lock(String username) {
        for (int i = 0; i < 10; i++) {
            Answer r = login(i % 2 == 0 ? a : b, username, "wrong password " + i);
            assertEquals(401, r.status(), r.toString());
            assertEquals("INVALID_CREDENTIALS", r.code());
        }
    }

    @Test
    @Order(1)
    void signupLoginRefreshReuseLogoutLockAndCheckAreRightAcrossBothReplicas() {
        Login first = signup(a);
        for (ServiceReplica r : List.of(a, b)) {
            Answer c = check(r, first.access());
            assertEquals(200, c.status(), c.toString());
            assertEquals("true", c.path("allowed"));
        }
        Answer second = login(b, first.username(), Http.PASSWORD);
        assertEquals(200, second.status(), second.toString());
        Answer rotated = refresh(a, second.path("refresh_token"));
        assertEquals(200, rotated.status(), rotated.toString());
        Answer again = refresh(b, rotated.path("refresh_token"));
        assertEquals(200, again.status(), again.toString());
        assertEquals(200, check(b, again.path("access_token")).status());

        // the first refresh token, its successor used: a replay revokes the whole family
        Answer reuse = refresh(b, second.path("refresh_token"));
        assertEquals(401, reuse.status(), reuse.toString());
        assertEquals("REFRESH_TOKEN_REUSED", reuse.code());
        for (ServiceReplica r : List.of(a, b)) {
            Answer c = check(r, again.path("access_token"));
            assertEquals(401, c.status(), c.toString());
            assertEquals("TOKEN_REVOKED", c.code());
            assertEquals(401, refresh(r, again.path("refresh_token")).status());
        }
        // the sign-up's session is another family: untouched
        assertEquals(200, check(b, first.access()).status());

        assertEquals(204, logout(a, first.access()).status());
        Answer afterLogout = check(b, first.access());
        assertEquals(401, afterLogout.status(), "a logout on A holds on B at once: " + afterLogout);
        assertEquals("TOKEN_REVOKED", afterLogout.code());

        Login target = signup(b);
        lock(target.username());
        for (ServiceReplica r : List.of(a, b)) {
            Answer locked = login(r, target.username(), Http.PASSWORD);
            assertEquals(429, locked.status(), "the right password is refused on both replicas: " + locked);
            assertEquals("RATE_LIMITED", locked.code());
        }
        // the lock is the account's, not the session's: its live token still passes the permission check
        assertEquals(200, check(a, target.access()).status());
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Fail-over under load
    // -----------------------------------------------------------------------------------------------------------------

    /** A live session the load uses; refreshes of one session never run at once (a client refreshes in turn). */
    protected static final class LiveSession {
        final String username;
        volatile String access;
        volatile String refresh;

        LiveSession(Login l) {
            this.username = l.username();
            this.access = l.access();
            this.refresh = l.refresh();
        }
    }

    protected record Wrong(String what, ServiceReplica on, Answer answer, long atMs) {
        @Override
        public String toString() {
            return what + " on :" + on.port() + " at +" + atMs + " ms: " + answer;
        }
    }

    @Test
    @Order(2)
    void aMasterKilledUnderLoadGivesOnlyRightAnswersOr503sAndBothReplicasHealWithin30s() throws Exception {
        List<LiveSession> live = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            live.add(new LiveSession(signup(i % 2 == 0 ? a : b)));
        }
        List<Login> revokedLogins = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Login l = signup(i % 2 == 0 ? a : b);
            assertEquals(200, check(a, l.access()).status());
            assertEquals(200, check(b, l.access()).status());
            assertEquals(204, logout(i % 2 == 0 ? b : a, l.access()).status());
            revokedLogins.add(l);
        }
        List<String> revoked = new CopyOnWriteArrayList<>(revokedLogins.stream().map(Login::access).toList());
        List<String> locked = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Login l = signup(a);
            lock(l.username());
            locked.add(l.username());
        }
        List<Login> toLogOut = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 12; i++) {
            toLogOut.add(signup(i % 2 == 0 ? a : b));
        }
        // revoked right after the kill, as a logout that authenticated just before it commits: in PostgreSQL, with the
        // outbox row its failed push leaves, or (a write the promoted replica lost) without one; Redis keeps their
        // live entries, and the promoted replica has them
        List<Login> outOnKill = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Login l = signup(i % 2 == 0 ? a : b);
            assertEquals(200, check(a, l.access()).status());
            assertEquals(200, check(b, l.access()).status());
            outOnKill.add(l);
        }

        int victim = victim(UUID.fromString(revokedLogins.get(0).userId()));
        RedisConnection onVictim = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:" + victim)).connect().toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);

        List<Wrong> wrong = new CopyOnWriteArrayList<>();
        List<Long> outagesAt = new CopyOnWriteArrayList<>();
        int[] answered = new int[1];
        AtomicBoolean stop = new AtomicBoolean();
        long t0 = System.currentTimeMillis();
        ExecutorService load = Executors.newFixedThreadPool(6);
        for (int w = 0; w < 6; w++) {
            ServiceReplica on = w % 2 == 0 ? a : b;
            load.submit(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int op = rnd.nextInt(10);
                    String what;
                    Answer r;
                    boolean right;
                    if (op < 3) {
                        LiveSession s = live.get(rnd.nextInt(live.size()));
                        what = "check of a live session";
                        r = check(on, s.access);
                        right = r.status() == 200 && "true".equals(r.path("allowed"));
                    } else if (op < 5) {
                        LiveSession s = live.get(rnd.nextInt(live.size()));
                        what = "refresh";
                        synchronized (s) {
                            r = refresh(on, s.refresh);
                            right = r.status() == 200;
                            if (right) {
                                s.refresh = r.path("refresh_token");
                                s.access = r.path("access_token");
                            }
                        }
                    } else if (op < 6) {
                        LiveSession s = live.get(rnd.nextInt(live.size()));
                        what = "login";
                        r = login(on, s.username, Http.PASSWORD);
                        right = r.status() == 200;
                    } else if (op < 8) {
                        what = "check of a revoked session";
                        r = check(on, revoked.get(rnd.nextInt(revoked.size())));
                        right = r.status() == 401 && "TOKEN_REVOKED".equals(r.code());
                    } else if (op < 9) {
                        what = "login to a locked account with the right password";
                        r = login(on, locked.get(rnd.nextInt(locked.size())), Http.PASSWORD);
                        right = r.status() == 429 && "RATE_LIMITED".equals(r.code());
                    } else {
                        Login l;
                        synchronized (toLogOut) {
                            l = toLogOut.isEmpty() ? null : toLogOut.remove(0);
                        }
                        if (l == null) {
                            continue;
                        }
                        what = "logout";
                        r = logout(on, l.access());
                        right = r.status() == 204;
                        if (right) {
                            revoked.add(l.access());
                        }
                    }
                    synchronized (answered) {
                        answered[0]++;
                    }
                    if (r.isOutage()) {
                        outagesAt.add(System.currentTimeMillis() - t0);
                    } else if (!right) {
                        wrong.add(new Wrong(what, on, r, System.currentTimeMillis() - t0));
                    }
                }
                return null;
            });
        }
        Thread.sleep(2_000);
        redis.kill(victim);
        long killedAt = System.currentTimeMillis() - t0;
        for (int i = 0; i < outOnKill.size(); i++) {
            revokeInPostgres(outOnKill.get(i).access(), i % 2 == 0);
            revoked.add(outOnKill.get(i).access());
        }
        // the client's own report of the connection the kill cut, for the classification
        try {
            onVictim.send(Request.cmd(Command.GET).arg("anything")).toCompletionStage().toCompletableFuture()
                    .get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            captured.add(e.getCause());
        }
        captureDuringFailover(victim);
        int newMaster = awaitNewMaster(victim);
        long promotedAt = System.currentTimeMillis() - t0;
        afterNewMaster(victim);

        long healedAt = -1;
        while (System.currentTimeMillis() - t0 < promotedAt + 30_000) {
            if (roundIsRight(live.get(0), revoked, locked)) {
                healedAt = System.currentTimeMillis() - t0;
                break;
            }
            Thread.sleep(200);
        }
        Thread.sleep(1_000);
        stop.set(true);
        load.shutdown();
        assertTrue(load.awaitTermination(60, TimeUnit.SECONDS), "the load stops");

        System.out.printf("%s: %d answers, %d outages (503) between +%s and +%s ms; master :%d killed at +%d ms, "
                + ":%d promoted at +%d ms, both replicas right again at +%d ms; wrong: %d%n",
                getClass().getSimpleName(), answered[0], outagesAt.size(),
                outagesAt.isEmpty() ? "-" : Collections.min(outagesAt),
                outagesAt.isEmpty() ? "-" : Collections.max(outagesAt),
                victim, killedAt, newMaster, promotedAt, healedAt, wrong.size());
        assertTrue(wrong.isEmpty(), "wrong answers during the fail-over: " + wrong);
        assertTrue(healedAt > 0, "both replicas answer right within 30 s of the new master (:" + newMaster + ")");
        assertTrue(answered[0] > 100, "the load ran: " + answered[0]);
        // after it all: every revoked session refused and every lock held, on both replicas
        for (ServiceReplica r : List.of(a, b)) {
            for (String token : revoked) {
                Answer c = check(r, token);
                assertEquals(401, c.status(), "a revoked session stays revoked: " + c);
            }
            for (String name : locked) {
                assertEquals(429, login(r, name, Http.PASSWORD).status(), "a lock survives the fail-over");
            }
        }
        assertTrue(!captured.isEmpty(), "the client reported the fail-over");
        for (Throwable t : captured) {
            assertTrue(Outages.isDependencyFailure(t), "an outage, as the Vert.x client reports it: " + t);
        }
        System.out.printf("%s: client failures captured and classified as outages: %s%n",
                getClass().getSimpleName(), captured.stream().map(t -> t.getClass().getName() + ": " + t.getMessage())
                        .distinct().toList());
    }

    /** A hook to capture what the servers answer while no master serves the victim's keys. */
    protected void captureDuringFailover(int victim) throws Exception {
    }

    /** A hook once a new master is there (a cluster restarts the killed node, so its shard has a replica again). */
    protected void afterNewMaster(int victim) throws Exception {
    }

    /**
     * On both replicas: a check, a login and a refresh right, every revoked session refused, every lock held (a
     * locked account on a shard whose replica is still catching up answers 503: its attempt is not acknowledged).
     */
    private boolean roundIsRight(LiveSession s, List<String> revokedTokens, List<String> lockedNames) {
        for (ServiceReplica r : List.of(a, b)) {
            if (check(r, s.access).status() != 200 || login(r, s.username, Http.PASSWORD).status() != 200) {
                return false;
            }
            for (String token : revokedTokens) {
                if (check(r, token).status() != 401) {
                    return false;
                }
            }
            for (String name : lockedNames) {
                if (login(r, name, Http.PASSWORD).status() != 429) {
                    return false;
                }
            }
            synchronized (s) {
                Answer x = refresh(r, s.refresh);
                if (x.status() != 200) {
                    return false;
                }
                s.refresh = x.path("refresh_token");
                s.access = x.path("access_token");
            }
        }
        return true;
    }

    /** Sends one command through a plain Vert.x client and keeps the failure it reports, if any. */
    protected void capture(String connectionString, Request request) {
        try {
            RedisConnection c = Redis.createClient(vertx, new RedisOptions().setConnectionString(connectionString))
                    .connect().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            try {
                c.send(request).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } finally {
                c.close();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            captured.add(e.getCause());
        } catch (Exception e) {
            captured.add(e);
        }
    }
}
