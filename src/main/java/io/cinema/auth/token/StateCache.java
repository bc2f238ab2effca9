package io.cinema.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.cinema.auth.support.RedisKeys;
import io.cinema.auth.support.RedisScript;
import io.cinema.auth.support.ReplicatedWrites;
import io.cinema.auth.support.RequestContexts;
import io.cinema.auth.support.SealedEntries;
import io.cinema.auth.support.ServiceSecret;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.keys.KeyCommands;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Redis cache of session and user state in front of PostgreSQL, the truth. It holds positive state with a short TTL
 * and revocation markers, so a lost or restarted Redis means misses that read PostgreSQL again, never a revoked token
 * that works again. A fill never overwrites newer state: sessions fill only where nothing (or what the reader saw and
 * refused) is cached, so a revocation marker wins; users carry a version that only grows.
 *
 * <p>Every entry is sealed: {@code value|expiresAtEpochMs|mac}, the MAC an HMAC-SHA-256 (key derived from the service
 * secret) over the Redis key, the value and the expiry, which is never later than the entry's TTL. An entry with a bad
 * MAC (written by anyone but us, or under another key) or past its expiry (an old entry written back) is a miss: it
 * is read from PostgreSQL and replaced, never believed.
 *
 * <p>Changes reach the cache through an outbox: {@link #revokeSessionsOnCommit} and {@link #userChangedOnCommit},
 * called inside the change's transaction, write {@link CacheOutbox} rows in it and push them to Redis right after the
 * commit; a push that fails (Redis down or refusing writes) leaves the rows for {@link CacheOutboxPusher}, which
 * every replica runs each second. A push reads the truth from PostgreSQL at push time, so a late push never writes
 * older state. Other features' cached state rides the same outbox under kinds of their own
 * ({@link #changedOnCommit}, pushed by their {@link CachedStatePusher}).
 *
 * <p>A user's entries share one Redis Cluster hash slot ({@link RedisKeys}), so the hot path reads both with one
 * {@code MGET} on any topology. The writes a fail-over must not lose (revocation markers, user state) go through
 * {@link ReplicatedWrites}; with replicas asked for, a change also deletes the entries it ends before its commit, so a
 * new master that missed the post-commit marker has no entry and reads PostgreSQL instead of a stale live one.
 *
 * <p>Until a change is pushed, no replica believes the entries it ends ({@link CacheTrust}: the outbox's targets are
 * read each second, the replica that made the change knows at once), and after a failed Redis read no entry written
 * before it is believed either (a promoted replica may lack acknowledged writes): such an entry is a miss.
 */
@Singleton
public class StateCache {

    /** Session and user state of one access token. */
    public record Snapshot(SessionStatus session, UserState user) {
    }

    /**
     * Session status as far as authorization is concerned; {@code allowedRoles} the roles its tokens may carry of the
     * user's (null: all of them; a device-flow session's are limited, {@link Sessions#tokenRoles}).
     */
    public record SessionStatus(boolean live, UUID userId, List<String> allowedRoles) {
        static final SessionStatus REVOKED = new SessionStatus(false, null, null);
    }

    private static final String REVOKED = "R";
    private static final String LIVE = "L";

    /**
     * Sets KEYS[1] when nothing is there or what is there is what the reader saw and refused (ARGV[3]; "" when it saw
     * nothing): a concurrent revocation marker is never overwritten by a fill that read PostgreSQL before it.
     */
    private static final RedisScript FILL_SESSION = new RedisScript("""
            local cur = redis.call('GET', KEYS[1])
            if cur and cur ~= ARGV[3] then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """);

    /**
     * Sets KEYS[1] unless it holds the same or a newer version (ARGV[1]); an entry the reader refused (ARGV[4]), e.g.
     * a forged one claiming a huge version, does not count.
     */
    private static final RedisScript SET_IF_NEWER = new RedisScript("""
            local cur = redis.call('GET', KEYS[1])
            if cur and cur ~= ARGV[4] then
              local v = tonumber(string.match(cur, '^(%d+)|'))
              if v and v >= tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """);

    /** The transaction resource that collects one transaction's outbox rows. */
    private static final Object PENDING = new Object();

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final Redis bareRedis;
    private final Vertx vertx;
    private final Duration redisTimeout;
    private final KeyCommands<String> keys;
    private final UserStateLoader users;
    private final TokenConfig config;
    private final Clock clock;
    private final TransactionSynchronizationRegistry transactions;
    private final SealedEntries sealed;
    private final Instance<CachedStatePusher> pushers;
    private final ReplicatedWrites replicated;
    private final CacheTrust trust;

    @Inject
    public StateCache(RedisDataSource redis, Redis bareRedis, Vertx vertx, UserStateLoader users,
            TokenConfig config, Clock clock, ServiceSecret secret, TransactionSynchronizationRegistry transactions,
            Instance<CachedStatePusher> pushers, ReplicatedWrites replicated, CacheTrust trust,
            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10S") Duration redisTimeout) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.bareRedis = bareRedis;
        this.vertx = vertx;
        this.redisTimeout = redisTimeout;
        this.keys = redis.key();
        this.users = users;
        this.config = config;
        this.clock = clock;
        this.transactions = transactions;
        this.sealed = new SealedEntries(secret.derive("state-cache"), clock);
        // looked up when used: a pusher may itself depend on this cache
        this.pushers = pushers;
        this.replicated = replicated;
        this.trust = trust;
    }

    static String sessionKey(UUID uid, UUID sid) {
        return RedisKeys.session(uid, sid);
    }

    static String userKey(UUID uid) {
        return RedisKeys.user(uid);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Reads
    // -----------------------------------------------------------------------------------------------------------------

    /**
     * One Redis round trip when both entries are cached (one slot: {@link RedisKeys}); PostgreSQL is read only for a
     * miss. {@code uid} is the token's: a session of another user reads as that user's key, a miss, and is then
     * refused by its row.
     */
    public Snapshot lookup(UUID sid, UUID uid) {
        String sk = sessionKey(uid, sid);
        Map<String, String> values = trust.read(() -> this.values.mget(sk, userKey(uid)));
        String rawSession = values.get(sk);
        String rawUser = values.get(userKey(uid));
        SessionStatus session = trustedSession(sid, sk, rawSession);
        if (session == null) {
            session = loadSession(sid, uid, rawSession);
        }
        UserState user = trustedUser(uid, rawUser);
        if (user == null) {
            user = loadUser(uid, rawUser);
        }
        return new Snapshot(session, user);
    }

    /**
     * {@link #lookup} without blocking the calling thread: the Redis read is asynchronous, so the hot path (permission
     * check, forward authentication, every bearer authentication) stays on the event loop when both entries are
     * cached. A miss, a forged or an expired entry is read from PostgreSQL on a worker thread, as {@link #lookup} does.
     * Redis not answering within {@code quarkus.redis.timeout} fails the Uni (an outage: 503), never a decision.
     * {@code then} is what the caller makes of the snapshot, applied in the same step (a refusal it throws fails the
     * Uni): the hot path is one Redis read through the bare Vert.x client and one Uni, not a chain of operators, since
     * Mutiny's context propagation wraps every operator (a chain of four cost the permission check about a tenth of
     * its CPU). The deadline is a timer on the calling event loop. An entry {@link CacheTrust} does not believe (its
     * change is pending in the outbox, or it was written before a failed read) is a miss.
     */
    public <T> Uni<T> lookupAsync(UUID sid, UUID uid, Function<Snapshot, T> then) {
        String sk = sessionKey(uid, sid);
        String uk = userKey(uid);
        return Uni.createFrom().emitter(emitter -> {
            // the deadline and the reply race: whichever comes second does nothing (a late reply is not worked on)
            AtomicBoolean settled = new AtomicBoolean();
            long timer = vertx.setTimer(redisTimeout.toMillis(), t -> {
                if (settled.compareAndSet(false, true)) {
                    emitter.fail(new io.smallrye.mutiny.TimeoutException());
                }
            });
            bareRedis.send(Request.cmd(Command.MGET).arg(sk).arg(uk)).onComplete(read -> {
                vertx.cancelTimer(timer);
                if (!settled.compareAndSet(false, true)) {
                    return;
                }
                if (read.failed()) {
                    trust.readFailed(read.cause());
                    emitter.fail(read.cause());
                    return;
                }
                try {
                    Response found = read.result();
                    String rawSession = bulk(found, 0);
                    String rawUser = bulk(found, 1);
                    SessionStatus session = trustedSession(sid, sk, rawSession);
                    UserState user = trustedUser(uid, rawUser);
                    if (session != null && user != null) {
                        emitter.complete(then.apply(new Snapshot(session, user)));
                        return;
                    }
                    RequestContexts.onWorker(() -> then.apply(new Snapshot(
                            session != null ? session : loadSession(sid, uid, rawSession),
                            user != null ? user : loadUser(uid, rawUser))))
                            .subscribe().with(emitter::complete, emitter::fail);
                } catch (RuntimeException refused) {
                    emitter.fail(refused);
                }
            });
        });
    }

    /** Element {@code i} of an MGET reply as text, null for a missing key. */
    private static String bulk(Response reply, int i) {
        Response value = reply == null || reply.size() <= i ? null : reply.get(i);
        return value == null ? null : value.toString();
    }

    public UserState user(UUID uid) {
        String raw = trust.read(() -> values.get(userKey(uid)));
        UserState user = trustedUser(uid, raw);
        return user != null ? user : loadUser(uid, raw);
    }

    /** The cached session state, or null for a miss: none, forged, expired, or a live entry not to be believed. */
    private SessionStatus trustedSession(UUID sid, String key, String raw) {
        SealedEntries.Opened opened = sealed.openEntry(key, raw);
        SessionStatus session = opened == null ? null : decodeSession(opened.value());
        if (session != null && session.live() && !trust.trustsSession(sid, opened.expiresAt())) {
            return null;
        }
        return session;
    }

    /** The cached user state, or null for a miss: none, forged, expired, or an entry not to be believed. */
    private UserState trustedUser(UUID uid, String raw) {
        SealedEntries.Opened opened = sealed.openEntry(userKey(uid), raw);
        UserState user = opened == null ? null : decodeUser(uid, opened.value());
        return user != null && trust.trustsUser(uid, opened.expiresAt()) ? user : null;
    }

    private static SessionStatus decodeSession(String value) {
        if (value == null) {
            return null;
        }
        if (value.equals(REVOKED)) {
            return SessionStatus.REVOKED;
        }
        if (value.startsWith(LIVE)) {
            // L<user id>, or L<user id>|<allowed roles, comma-separated> for a session whose roles are limited
            String rest = value.substring(LIVE.length());
            int bar = rest.indexOf('|');
            try {
                UUID userId = UUID.fromString(bar < 0 ? rest : rest.substring(0, bar));
                List<String> allowed = bar < 0 ? null
                        : rest.length() == bar + 1 ? List.of() : List.of(rest.substring(bar + 1).split(","));
                return new SessionStatus(true, userId, allowed);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /** The cached value of a live session (see {@link #decodeSession}); role names never hold '|' or ','. */
    static String liveValue(Session row) {
        return row.allowedRoles == null ? LIVE + row.userId
                : LIVE + row.userId + "|" + String.join(",", row.allowedRoles);
    }

    private static UserState decodeUser(UUID uid, String value) {
        return value == null ? null : UserState.decode(uid, value);
    }

    private SessionStatus loadSession(UUID sid, UUID uid, String refused) {
        Instant now = clock.instant();
        Session row = Session.findById(sid);
        if (row == null || !row.isLive(now)) {
            fill(sessionKey(uid, sid), REVOKED, revokedMarkerTtl(), refused);
            return SessionStatus.REVOKED;
        }
        fill(sessionKey(uid, sid), liveValue(row), liveTtl(row, now), refused);
        return new SessionStatus(true, row.userId, row.allowedRoles == null ? null : List.copyOf(row.allowedRoles));
    }

    private UserState loadUser(UUID uid, String refused) {
        UserState state = users.load(uid);
        if (state != null) {
            try {
                store(state, refused);
            } catch (RuntimeException e) {
                // a cache that cannot be written (Redis refusing writes) must not fail a decision made from PostgreSQL
                Log.debugf("state cache: user fill failed (%s)", e.toString());
            }
        }
        return state;
    }

    private void fill(String key, String value, Duration ttl, String refused) {
        try {
            FILL_SESSION.run(redis, key, seal(key, value, ttl), Long.toString(ttl.toMillis()),
                    refused == null ? "" : refused);
        } catch (RuntimeException e) {
            Log.debugf("state cache: session fill failed (%s)", e.toString());
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Changes: the outbox (call inside the change's transaction)
    // -----------------------------------------------------------------------------------------------------------------

    /**
     * Inside the transaction that revokes {@code sids}: records them in the outbox of that transaction and, once it
     * has committed, marks them revoked in Redis. A failed push does not fail the caller; the outbox job retries.
     */
    public void revokeSessionsOnCommit(Collection<UUID> sids) {
        onCommit(CacheOutbox.SESSION_REVOKED, sids);
    }

    /**
     * Inside the transaction that changes what a live session's cache entry holds (a device-flow session's allowed
     * roles): the entries are dropped once it has committed (the outbox push finds the sessions live and only deletes
     * their keys), so the next request reads PostgreSQL. A failed push does not fail the caller; the outbox job
     * retries.
     */
    public void sessionsChangedOnCommit(Collection<UUID> sids) {
        onCommit(CacheOutbox.SESSION_REVOKED, sids);
    }

    /**
     * Inside the transaction that changes {@code uid}'s roles or active flag: records it in the outbox of that
     * transaction and, once it has committed, writes the user's state as PostgreSQL then has it. A failed push does
     * not fail the caller; the outbox job retries.
     */
    public void userChangedOnCommit(UUID uid) {
        onCommit(CacheOutbox.USER_CHANGED, List.of(uid));
    }

    /**
     * Inside the transaction that changes the state another feature caches through the outbox ({@code kind}, pushed by
     * its {@link CachedStatePusher}): records {@code target} in the outbox of that transaction and, once it has
     * committed, lets the feature's pusher write the state as PostgreSQL then has it. A failed push does not fail the
     * caller; the outbox job retries.
     */
    public void changedOnCommit(String kind, UUID target) {
        if (pusher(kind) == null) {
            throw new IllegalArgumentException("no cached-state pusher for outbox kind " + kind);
        }
        onCommit(kind, List.of(target));
    }

    private CachedStatePusher pusher(String kind) {
        for (CachedStatePusher p : pushers) {
            if (p.kind().equals(kind)) {
                return p;
            }
        }
        return null;
    }

    private void onCommit(String kind, Collection<UUID> targets) {
        if (targets.isEmpty()) {
            return;
        }
        if (transactions.getTransactionKey() == null || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("the *OnCommit methods belong inside the change's transaction");
        }
        Pending pending = (Pending) transactions.getResource(PENDING);
        if (pending == null) {
            pending = new Pending();
            transactions.putResource(PENDING, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        Set<UUID> distinct = new LinkedHashSet<>(targets);
        if (replicated.enabled()) {
            dropBeforeCommit(kind, distinct);
        }
        for (UUID target : distinct) {
            CacheOutbox row = CacheOutbox.of(kind, target);
            row.persist();
            pending.ids.add(row.id);
            pending.targets.add(new CacheTrust.Target(kind, target));
        }
    }

    /**
     * With replicas asked for: deletes the entries a change ends, replicated, before the change commits. The marker
     * written after the commit could be lost with a master that dies before replicating it; its replica then holds no
     * entry (a miss that reads the committed truth) rather than the live one. Redis not taking the delete does not
     * stop the change: it is then a change made during an outage, which the outbox pushes once Redis answers.
     */
    private void dropBeforeCommit(String kind, Set<UUID> targets) {
        try {
            if (CacheOutbox.SESSION_REVOKED.equals(kind)) {
                for (Session s : Session.findByIds(targets)) {
                    replicated.del(sessionKey(s.userId, s.id));
                }
            } else if (CacheOutbox.USER_CHANGED.equals(kind)) {
                for (UUID uid : targets) {
                    replicated.del(userKey(uid));
                }
            }
        } catch (RuntimeException e) {
            // this replica believes none of their entries from now on, whether or not the change commits
            trust.pendingLocally(targets.stream().map(t -> new CacheTrust.Target(kind, t)).toList());
            Log.debugf("state cache: delete before commit failed (%s); the outbox pushes after it", e.toString());
        }
    }

    /** One transaction's outbox rows, pushed right after its commit. */
    private final class Pending implements Synchronization {
        final List<UUID> ids = new ArrayList<>();
        final List<CacheTrust.Target> targets = new ArrayList<>();

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status != Status.STATUS_COMMITTED) {
                return;
            }
            try {
                // waits for a replica's job that holds some of these rows, so the caller answers after the push
                QuarkusTransaction.requiringNew().run(() -> push(CacheOutbox.lock(ids)));
            } catch (RuntimeException e) {
                // every replica learns them from the outbox within a second; this one believes none of their entries
                trust.pendingLocally(targets);
                Log.warnf("state cache: %d committed change(s) not pushed to Redis yet (%s); the outbox job retries",
                        ids.size(), e.toString());
            }
        }
    }

    /**
     * Pushes outbox rows the caller's transaction holds locked, then deletes them; throws (and the caller rolls back,
     * keeping the rows) when Redis does not take them. Reads the truth at push time: a session still live (a row of a
     * change that did not commit) is only dropped from the cache, and a user's state is read afresh.
     */
    void push(List<CacheOutbox> rows) {
        if (rows.isEmpty()) {
            return;
        }
        Set<UUID> sessions = new LinkedHashSet<>();
        Set<UUID> changedUsers = new LinkedHashSet<>();
        Map<String, Set<UUID>> others = new LinkedHashMap<>();
        List<CacheOutbox> handled = new ArrayList<>(rows.size());
        for (CacheOutbox row : rows) {
            if (CacheOutbox.SESSION_REVOKED.equals(row.kind)) {
                sessions.add(row.target);
            } else if (CacheOutbox.USER_CHANGED.equals(row.kind)) {
                changedUsers.add(row.target);
            } else if (pusher(row.kind) != null) {
                others.computeIfAbsent(row.kind, k -> new LinkedHashSet<>()).add(row.target);
            } else {
                // a kind this replica does not know (a newer replica's, in a rolling deploy): left for one that does
                continue;
            }
            handled.add(row);
        }
        if (!sessions.isEmpty()) {
            Instant now = clock.instant();
            Map<UUID, Session> found = Session.findByIds(sessions).stream()
                    .collect(Collectors.toMap(s -> s.id, Function.identity()));
            for (UUID sid : sessions) {
                Session s = found.get(sid);
                if (s == null) {
                    // no row, no user to name the key by: its lookup reads the missing row as revoked, and no live
                    // entry outlives the row (a live entry's TTL ends by the session's expiry, rows go long after)
                    markLegacyRevoked(sid);
                } else if (s.isLive(now)) {
                    replicated.del(sessionKey(s.userId, sid));
                    keys.del(RedisKeys.legacySession(sid));
                } else {
                    markRevoked(s.userId, sid);
                }
            }
        }
        for (UUID uid : changedUsers) {
            writeUser(uid);
        }
        others.forEach((kind, targets) -> pusher(kind).push(targets));
        CacheOutbox.deleteAll(handled);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Changes: the direct calls after a commit (kept for the call sites not moved to the outbox yet)
    // -----------------------------------------------------------------------------------------------------------------

    /**
     * After a committed revocation: marks the sessions revoked (overwriting any live entry). Throws when Redis does not
     * take it, after keeping the revocation in the outbox for the job. Prefer {@link #revokeSessionsOnCommit}.
     */
    public void sessionsRevoked(Collection<UUID> sids) {
        try {
            for (Session s : Session.findByIds(sids)) {
                markRevoked(s.userId, s.id);
            }
        } catch (RuntimeException e) {
            keepForLater(CacheOutbox.SESSION_REVOKED, sids, e);
            throw e;
        }
    }

    /**
     * After a committed change of roles or the active flag: stores the new state unless a newer one is there. Throws
     * when Redis does not take it, after keeping the change in the outbox for the job. Prefer
     * {@link #userChangedOnCommit}.
     */
    public void userChanged(UUID uid) {
        try {
            writeUser(uid);
        } catch (RuntimeException e) {
            keepForLater(CacheOutbox.USER_CHANGED, List.of(uid), e);
            throw e;
        }
    }

    /** The change committed before this call, so its own transaction is the best left: a crash in between loses it. */
    private void keepForLater(String kind, Collection<UUID> targets, RuntimeException cause) {
        if (targets.isEmpty()) {
            return;
        }
        trust.pendingLocally(targets.stream().map(t -> new CacheTrust.Target(kind, t)).toList());
        try {
            QuarkusTransaction.requiringNew().run(() -> targets.forEach(t -> CacheOutbox.of(kind, t).persist()));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** The revocation marker (replicated), and the same under the previous release's key ({@link RedisKeys}). */
    private void markRevoked(UUID uid, UUID sid) {
        Duration ttl = revokedMarkerTtl();
        String key = sessionKey(uid, sid);
        replicated.set(key, seal(key, REVOKED, ttl), ttl);
        markLegacyRevoked(sid);
    }

    private void markLegacyRevoked(UUID sid) {
        Duration ttl = revokedMarkerTtl();
        String legacy = RedisKeys.legacySession(sid);
        values.set(legacy, seal(legacy, REVOKED, ttl), new SetArgs().px(ttl));
    }

    private void writeUser(UUID uid) {
        UserState state = users.load(uid);
        if (state == null) {
            replicated.del(userKey(uid));
        } else {
            // a change's write, unlike a fill, must survive a fail-over
            store(state, null, true);
        }
        keys.del(RedisKeys.legacyUser(uid));
    }

    private void store(UserState state, String refused) {
        store(state, refused, false);
    }

    private void store(UserState state, String refused, boolean mustSurviveFailover) {
        String key = userKey(state.userId());
        Duration ttl = config.stateCacheTtl();
        String[] args = {Long.toString(state.version()), seal(key, state.encode(), ttl), Long.toString(ttl.toMillis()),
            refused == null ? "" : refused};
        if (mustSurviveFailover) {
            replicated.run(SET_IF_NEWER, key, args);
        } else {
            SET_IF_NEWER.run(redis, key, args);
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Sealed entries
    // -----------------------------------------------------------------------------------------------------------------

    /** {@code value|expiresAt|mac}: the expiry is now plus the TTL the entry is written with, so never later. */
    String seal(String key, String value, Duration ttl) {
        return sealed.seal(key, value, ttl);
    }

    /** The value of a sealed entry, or null for a missing, forged, misplaced or expired one. */
    String open(String key, String entry) {
        return sealed.open(key, entry);
    }

    private Duration liveTtl(Session row, Instant now) {
        Duration ttl = Duration.between(now, row.expiresAt);
        if (ttl.compareTo(config.stateCacheTtl()) > 0) {
            ttl = config.stateCacheTtl();
        }
        return ttl.toMillis() < 1 ? Duration.ofMillis(1) : ttl;
    }

    private Duration revokedMarkerTtl() {
        return config.accessTokenTtl().plusMinutes(1);
    }
}
