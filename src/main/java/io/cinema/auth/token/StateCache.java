package io.cinema.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

import io.cinema.auth.support.AuthConfig;

/**
 * Redis cache of session and user state in front of PostgreSQL, the truth. It holds positive state with a short TTL
 * and revocation markers, so a lost or restarted Redis means misses that read PostgreSQL again, never a revoked token
 * that works again. A fill never overwrites newer state: sessions fill with SET NX (a revocation marker wins), users
 * carry a version that only grows.
 */
@Singleton
public class StateCache {

    /** Session and user state of one access token. */
    public record Snapshot(SessionStatus session, UserState user) {
    }

    /** Session status as far as authorization is concerned. */
    public record SessionStatus(boolean live, UUID userId) {
        static final SessionStatus REVOKED = new SessionStatus(false, null);
    }

    private static final String REVOKED = "R";

    private static final String SET_IF_NEWER = """
            local cur = redis.call('GET', KEYS[1])
            if cur then
              local v = tonumber(string.match(cur, '^(%d+)|'))
              if v and v >= tonumber(ARGV[1]) then return 0 end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            return 1
            """;

    private final RedisDataSource redis;
    private final UserStateLoader users;
    private final AuthConfig config;
    private final Clock clock;
    @Inject
    jakarta.transaction.TransactionSynchronizationRegistry registry;

    @Inject
    public StateCache(RedisDataSource redis, UserStateLoader users, AuthConfig config, Clock clock) {
        this.redis = redis;
        this.users = users;
        this.config = config;
        this.clock = clock;
    }

    static String sessionKey(UUID sid) {
        return "auth:sess:" + sid;
    }

    static String userKey(UUID uid) {
        return "auth:user:" + uid;
    }

    /** One Redis round trip when both entries are cached; PostgreSQL is read only for a miss. */
    public Snapshot lookup(UUID sid, UUID uid) {
        Response values = redis.execute("MGET", sessionKey(sid), userKey(uid));
        Response s = values.get(0);
        Response u = values.get(1);
        SessionStatus session = s == null ? loadSession(sid) : decodeSession(s.toString());
        UserState user = u == null ? null : UserState.decode(uid, u.toString());
        if (user == null) {
            user = loadUser(uid);
        }
        return new Snapshot(session, user);
    }

    public UserState user(UUID uid) {
        Response u = redis.execute("GET", userKey(uid));
        UserState user = u == null ? null : UserState.decode(uid, u.toString());
        return user != null ? user : loadUser(uid);
    }

    private SessionStatus decodeSession(String v) {
        if (v.startsWith("L")) {
            return new SessionStatus(true, UUID.fromString(v.substring(1)));
        }
        return SessionStatus.REVOKED;
    }

    private SessionStatus loadSession(UUID sid) {
        Instant now = clock.instant();
        Session row = Session.findById(sid);
        if (row == null || !row.isLive(now)) {
            redis.execute("SET", sessionKey(sid), REVOKED, "PX", Long.toString(revokedMarkerTtl().toMillis()), "NX");
            return SessionStatus.REVOKED;
        }
        Duration ttl = Duration.between(now, row.expiresAt);
        if (ttl.compareTo(config.stateCacheTtl()) > 0) {
            ttl = config.stateCacheTtl();
        }
        redis.execute("SET", sessionKey(sid), "L" + row.userId, "PX", Long.toString(Math.max(1, ttl.toMillis())), "NX");
        return new SessionStatus(true, row.userId);
    }

    private UserState loadUser(UUID uid) {
        UserState state = users.load(uid);
        if (state != null) {
            store(state);
        }
        return state;
    }

    /**
     * In the change's transaction: once it commits, the sessions are marked revoked in Redis.
     * (Interim: the outbox that survives a Redis outage replaces this.)
     */
    public void revokeSessionsOnCommit(Collection<UUID> sids) {
        if (sids.isEmpty()) {
            return;
        }
        List<UUID> copy = List.copyOf(sids);
        afterCommit(() -> sessionsRevoked(copy));
    }

    /** In the change's transaction: once it commits, the user's cached state is replaced. */
    public void userChangedOnCommit(UUID uid) {
        afterCommit(() -> userChanged(uid));
    }

    private void afterCommit(Runnable push) {
        registry.registerInterposedSynchronization(new jakarta.transaction.Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == jakarta.transaction.Status.STATUS_COMMITTED) {
                    push.run();
                }
            }
        });
    }

    /** After a committed revocation: marks the sessions revoked (overwriting any live entry). */
    public void sessionsRevoked(Collection<UUID> sids) {
        String ttl = Long.toString(revokedMarkerTtl().toMillis());
        for (UUID sid : sids) {
            redis.execute("SET", sessionKey(sid), REVOKED, "PX", ttl);
        }
    }

    /** After a committed change of roles or the active flag: stores the new state unless a newer one is there. */
    public void userChanged(UUID uid) {
        UserState state = users.load(uid);
        if (state == null) {
            redis.execute("DEL", userKey(uid));
        } else {
            store(state);
        }
    }

    private void store(UserState state) {
        redis.execute("EVAL", SET_IF_NEWER, "1", userKey(state.userId()), Long.toString(state.version()), state.encode(),
                Long.toString(config.stateCacheTtl().toMillis()));
    }

    private Duration revokedMarkerTtl() {
        return config.accessTokenTtl().plusMinutes(1);
    }
}
