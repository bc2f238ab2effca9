package io.cinema.auth.support;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.redis.datasource.RedisDataSource;
import io.vertx.mutiny.redis.client.Response;

/**
 * Rate limits and the brute-force lock, counted atomically in Redis (one round trip, one Lua script each), so every
 * replica shares them. Keys carry a keyed hash of the counted thing, never a login name or address in clear.
 */
@ApplicationScoped
public class RateLimiter {

    /** A limit: {@code count} requests per {@code period}. */
    public record Rate(long count, Duration period) {
        public static Rate parse(String spec) {
            String[] parts = spec.trim().split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a rate is count/ISO-8601 period, e.g. 60/PT1M: " + spec);
            }
            Rate r = new Rate(Long.parseLong(parts[0].trim()), Duration.parse(parts[1].trim()));
            if (r.count < 1 || r.period.isNegative() || r.period.isZero()) {
                throw new IllegalArgumentException("a rate needs a positive count and period: " + spec);
            }
            return r;
        }
    }

    /**
     * GCRA (generic cell rate algorithm): one key per subject holding the theoretical arrival time, so a limit is a
     * smooth sliding window that allows a burst of {@code count}. Returns {allowed, retry-after ms}.
     */
    private static final String GCRA = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local period = tonumber(ARGV[2])
            local interval = period / tonumber(ARGV[1])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            local newtat = tat + interval
            local allowAt = newtat - period
            if allowAt > now then
              return {0, math.ceil(allowAt - now)}
            end
            redis.call('SET', KEYS[1], tostring(newtat), 'PX', math.ceil(newtat - now))
            return {1, 0}
            """;

    /** Records one failure; from the threshold on, a lock that starts at base and doubles up to max. */
    private static final String FAIL = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local f = redis.call('HINCRBY', KEYS[1], 'f', 1)
            local threshold = tonumber(ARGV[1])
            local lock = 0
            if f >= threshold then
              lock = tonumber(ARGV[2]) * (2 ^ (f - threshold))
              if lock > tonumber(ARGV[3]) then lock = tonumber(ARGV[3]) end
              redis.call('HSET', KEYS[1], 'until', tostring(now + lock))
            end
            local keep = tonumber(ARGV[4])
            if lock > keep then keep = lock end
            redis.call('PEXPIRE', KEYS[1], math.ceil(keep))
            return lock
            """;

    private static final String LOCKED = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local u = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
            if u > now then return math.ceil(u - now) end
            return 0
            """;

    private RedisDataSource redis;
    private AuthConfig.RateLimit config;
    private byte[] keyHashKey;

    RateLimiter() {
        // for the client proxy
    }

    @Inject
    public RateLimiter(RedisDataSource redis, AuthConfig config, ServiceSecret secret) {
        this.redis = redis;
        this.config = config.rateLimit();
        this.keyHashKey = secret.derive("rate-limit-keys");
    }

    /** Counts one authenticated API call of the user (600 a minute by default). */
    public void checkApiCall(String userId) {
        check("api-user", userId, config.apiPerUser());
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Counts one request of {@code subject} in {@code bucket}; throws 429 RATE_LIMITED over the limit. */
    public void check(String bucket, String subject, String rateSpec) {
        if (!config.enabled()) {
            return;
        }
        Rate rate = Rate.parse(rateSpec);
        Response r = redis.execute("EVAL", GCRA, "1", key(bucket, subject), Long.toString(rate.count()),
                Long.toString(rate.period().toMillis()));
        if (r.get(0).toLong() == 0) {
            throw ApiException.rateLimited(seconds(r.get(1).toLong()));
        }
    }

    /** Throws 429 RATE_LIMITED while the brute-force lock of this login name lasts. */
    public void checkNotLocked(String loginName) {
        if (!config.enabled()) {
            return;
        }
        long ms = redis.execute("EVAL", LOCKED, "1", key("bf", loginName)).toLong();
        if (ms > 0) {
            throw ApiException.rateLimited(seconds(ms));
        }
    }

    /** Records a failed login (wrong password or code) of this login name. */
    public void recordFailure(String loginName) {
        if (!config.enabled()) {
            return;
        }
        redis.execute("EVAL", FAIL, "1", key("bf", loginName), Integer.toString(config.loginFailures()),
                Long.toString(config.lockBase().toMillis()), Long.toString(config.lockMax().toMillis()),
                Long.toString(config.failureMemory().toMillis()));
    }

    /** Forgets the failures of this login name (a success, or a password reset by mail). */
    public void clearFailures(String loginName) {
        if (!config.enabled()) {
            return;
        }
        redis.key().del(key("bf", loginName));
    }

    private String key(String bucket, String subject) {
        byte[] h = Crypto.hmacSha256(keyHashKey, (bucket + "\u0000" + subject).getBytes(StandardCharsets.UTF_8));
        return "auth:rl:" + bucket + ":" + Crypto.base64Url(java.util.Arrays.copyOf(h, 16));
    }

    private static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }
}
