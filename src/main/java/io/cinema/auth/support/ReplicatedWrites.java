package io.cinema.auth.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Redis writes that must not be lost when a master dies right after answering: revocation markers, user state and
 * brute-force counts. Redis replicates asynchronously, so with {@code auth.redis.replica-acks} above 0 each such write
 * goes in one batch with {@code WAIT <acks> <timeout>}: one connection to the node that owns the key (a Cluster
 * client routes a batch by its keyed command, a Sentinel client holds the master), so the {@code WAIT} counts the
 * replicas that have this very write. Fewer acknowledgements than asked throws {@link RedisReplicationException}, an
 * outage: the brute-force attempt is refused with 503 rather than judged uncounted, and a cache push keeps its outbox
 * rows for the next try. With 0 (standalone) the write is sent as before, without a {@code WAIT}.
 */
@ApplicationScoped
public class ReplicatedWrites {

    private RedisDataSource redis;
    private Redis client;
    private int acks;
    private long ackTimeoutMs;
    private Duration redisTimeout;

    ReplicatedWrites() {
        // for the client proxy
    }

    @Inject
    public ReplicatedWrites(RedisDataSource redis, RedisReplicationConfig config,
            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10S") Duration redisTimeout) {
        this.redis = redis;
        this.client = redis.getReactive().getRedis();
        this.acks = config.replicaAcks();
        this.ackTimeoutMs = Math.max(1, config.replicaAckTimeout().toMillis());
        this.redisTimeout = redisTimeout;
    }

    /** Whether writes wait for replicas at all. */
    public boolean enabled() {
        return acks > 0;
    }

    /** Runs a one-key script; with replicas asked for, returns only once they have its writes. */
    public Response run(RedisScript script, String key, String... args) {
        if (!enabled()) {
            return script.run(redis, key, args);
        }
        try {
            return replicated(request(Command.EVALSHA, RedisScript.arguments(script.sha(), key, args)));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                throw e;
            }
            return replicated(request(Command.EVAL, RedisScript.arguments(script.source(), key, args)));
        }
    }

    /** {@code SET key value PX ttl}, replicated as {@link #run} is. */
    public void set(String key, String value, Duration ttl) {
        if (!enabled()) {
            redis.value(String.class).set(key, value, new io.quarkus.redis.datasource.value.SetArgs().px(ttl));
            return;
        }
        replicated(request(Command.SET, key, value, "PX", Long.toString(Math.max(1, ttl.toMillis()))));
    }

    /** {@code DEL key}, one key a command (keys of two slots cannot share one), replicated as {@link #run} is. */
    public void del(String key) {
        if (!enabled()) {
            redis.key().del(key);
            return;
        }
        replicated(request(Command.DEL, key));
    }

    private Response replicated(Request write) {
        Request wait = Request.cmd(Command.WAIT).arg(acks).arg(ackTimeoutMs);
        List<Response> replies = client.batch(new ArrayList<>(List.of(write, wait)))
                .await().atMost(redisTimeout.plusMillis(ackTimeoutMs));
        long acknowledged = replies.get(1).toLong();
        if (acknowledged < acks) {
            throw new RedisReplicationException(acknowledged, acks, replies.get(0));
        }
        return replies.get(0);
    }

    private static Request request(Command command, String... args) {
        Request r = Request.cmd(command);
        for (String a : args) {
            r.arg(a);
        }
        return r;
    }
}
