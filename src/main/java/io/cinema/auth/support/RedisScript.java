package io.cinema.auth.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * A Lua script on one key, run by its SHA-1 ({@code EVALSHA}): Redis compiles it once per server, and the source is
 * sent only when a server answers {@code NOSCRIPT} (after a restart or a fail-over). Quarkus's typed Redis API has no
 * scripting group, so this is the one place that sends a raw command.
 */
public record RedisScript(String source, String sha) {

    public RedisScript(String source) {
        this(source, HexFormat.of().formatHex(Crypto.sha1(source.getBytes(StandardCharsets.UTF_8))));
    }

    public Response run(RedisDataSource redis, String key, String... args) {
        String[] tail = arguments(sha, key, args);
        try {
            return redis.execute("EVALSHA", tail);
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("NOSCRIPT")) {
                throw e;
            }
            tail[0] = source;
            return redis.execute("EVAL", tail);
        }
    }

    /** {@link #run} without blocking the calling thread (the event loop's hot paths). */
    public Uni<Response> runAsync(ReactiveRedisDataSource redis, String key, String... args) {
        return redis.execute("EVALSHA", arguments(sha, key, args))
                .onFailure(e -> String.valueOf(e.getMessage()).contains("NOSCRIPT"))
                .recoverWithUni(() -> redis.execute("EVAL", arguments(source, key, args)));
    }

    /** {@code <script or sha> 1 <key> <args...>}: the arguments of {@code EVAL} and {@code EVALSHA}. */
    static String[] arguments(String script, String key, String... args) {
        String[] tail = new String[args.length + 3];
        tail[0] = script;
        tail[1] = "1";
        tail[2] = key;
        System.arraycopy(args, 0, tail, 3, args.length);
        return tail;
    }
}
