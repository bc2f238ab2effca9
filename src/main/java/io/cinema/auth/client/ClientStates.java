package io.cinema.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.RedisScript;
import io.cinema.auth.support.RequestContexts;
import io.cinema.auth.support.SealedEntries;
import io.cinema.auth.support.ServiceSecret;
import io.cinema.auth.token.CacheOutbox;
import io.cinema.auth.token.CacheTrust;
import io.cinema.auth.token.CachedStatePusher;
import io.cinema.auth.token.ClientState;
import io.cinema.auth.token.ClientStateLookup;
import io.cinema.auth.token.StateCache;
import io.cinema.auth.token.TokenConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.quarkus.redis.datasource.value.ValueCommands;
import io.smallrye.mutiny.Uni;

/**
 * Service clients' state for the hot path: whether a client's tokens still count, and its roles and scopes now. Redis
 * holds it in sealed entries ({@link SealedEntries}, under a key of its own) for {@code auth.state-cache-ttl}, with
 * PostgreSQL, the truth, read on a miss; an entry anyone else wrote, or an old one written back, is a miss. A change
 * (disable, delete, new roles or scopes) bumps the client's state version and rides the cache outbox
 * ({@link StateCache#changedOnCommit}): pushed right after its commit, so a disabled client's tokens are refused at
 * once on every replica, and by the outbox job within a second of Redis answering again when it could not be
 * written. A write carries the version and never replaces a newer one, so a slow fill cannot revive a disabled client.
 * A Redis that cannot be read throws (503): a client token is never accepted on state nobody could read. While a
 * client change waits in the outbox, or after a failed read, cached entries are misses ({@link CacheTrust}).
 */
@Singleton
public class ClientStates implements ClientStateLookup, CachedStatePusher {

    /** Longest client id looked up at all (ours are 22 characters): anything longer names nobody. */
    static final int MAX_CLIENT_ID = 128;

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

    private final RedisDataSource redis;
    private final ValueCommands<String, String> values;
    private final ReactiveValueCommands<String, String> reactiveValues;
    private final SealedEntries sealed;
    private final TokenConfig config;
    private final StateCache stateCache;
    private final CacheTrust trust;

    @Inject
    public ClientStates(RedisDataSource redis, ReactiveRedisDataSource reactive, ServiceSecret secret, Clock clock,
            TokenConfig config, StateCache stateCache, CacheTrust trust) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.reactiveValues = reactive.value(String.class);
        this.sealed = new SealedEntries(secret.derive("client-state"), clock);
        this.config = config;
        this.stateCache = stateCache;
        this.trust = trust;
    }

    static String key(String clientId) {
        return "auth:client:" + clientId;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Reads
    // -----------------------------------------------------------------------------------------------------------------

    @Override
    public ClientState lookup(String clientId) {
        if (!plausible(clientId)) {
            return ClientState.unknown(clientId);
        }
        String raw = trust.read(() -> values.get(key(clientId)));
        ClientState cached = open(clientId, raw);
        return cached != null ? cached : load(clientId, raw);
    }

    @Override
    public Uni<ClientState> lookupAsync(String clientId) {
        if (!plausible(clientId)) {
            return Uni.createFrom().item(ClientState.unknown(clientId));
        }
        return reactiveValues.get(key(clientId)).onFailure().invoke(trust::readFailed).flatMap(raw -> {
            ClientState cached = open(clientId, raw);
            if (cached != null) {
                return Uni.createFrom().item(cached);
            }
            return RequestContexts.onWorker(() -> load(clientId, raw));
        });
    }

    private static boolean plausible(String clientId) {
        return clientId != null && !clientId.isEmpty() && clientId.length() <= MAX_CLIENT_ID;
    }

    /** The cached state, or null for a miss: none, forged, expired, or not to be believed ({@link CacheTrust}). */
    private ClientState open(String clientId, String raw) {
        SealedEntries.Opened opened = sealed.openEntry(key(clientId), raw);
        return opened == null || !trust.trustsClient(opened.expiresAt()) ? null
                : ClientState.decode(clientId, opened.value());
    }

    private ClientState load(String clientId, String refused) {
        Client c = Client.findByClientId(clientId);
        if (c == null) {
            // nobody has this id (a deleted client keeps its row): nothing to cache
            return ClientState.unknown(clientId);
        }
        ClientState state = stateOf(c);
        try {
            store(state, refused);
        } catch (RuntimeException e) {
            // a cache that cannot be written (Redis refusing writes) must not fail a decision made from PostgreSQL
            Log.debugf("client state cache: fill failed (%s)", e.toString());
        }
        return state;
    }

    static ClientState stateOf(Client c) {
        return c.isDeleted() ? new ClientState(c.clientId, c.stateVersion, false, List.of(), List.of())
                : new ClientState(c.clientId, c.stateVersion, c.active, c.roles, c.scopes);
    }

    private void store(ClientState state, String refused) {
        String key = key(state.clientId());
        Duration ttl = config.stateCacheTtl();
        SET_IF_NEWER.run(redis, key, Long.toString(state.version()), sealed.seal(key, state.encode(), ttl),
                Long.toString(ttl.toMillis()), refused == null ? "" : refused);
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Changes
    // -----------------------------------------------------------------------------------------------------------------

    /**
     * Inside the transaction that changes what the cache holds of {@code c} (active, roles, scopes, deletion): bumps
     * its state version and records it in the cache outbox, pushed to Redis right after the commit.
     */
    void changedOnCommit(Client c) {
        c.stateVersion++;
        stateCache.changedOnCommit(CacheOutbox.CLIENT_CHANGED, c.id);
    }

    @Override
    public String kind() {
        return CacheOutbox.CLIENT_CHANGED;
    }

    /** Writes each client's state as PostgreSQL has it now (the outbox's transaction reads it). */
    @Override
    public void push(Set<UUID> targets) {
        for (UUID id : targets) {
            Client c = Client.findById(id);
            if (c != null) {
                store(stateOf(c), null);
            }
        }
    }
}
