package io.cinema.auth.support;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Rate limits and the brute-force lock, counted atomically in Redis (one round trip, one Lua script each), so every
 * replica shares them. The scripts take the time from the injected clock, the one source of time for limits, locks
 * and expiry, so tests count attempts rather than seconds. Keys carry a keyed hash of the counted thing, never a
 * login name or address in clear.
 */
@ApplicationScoped
public class RateLimiter {

    /** Reads a rate setting ({@code 60/PT1M}) once, at start: a bad value fails the start with its key named. */
    public static final class RateConverter implements org.eclipse.microprofile.config.spi.Converter<Rate> {
        @Override
        public Rate convert(String value) {
            return Rate.parse(value);
        }
    }

    /** A limit: {@code count} requests per {@code period}. */
    public record Rate(long count, Duration period) {
        public static Rate parse(String spec) {
            String[] parts = spec.trim().split("/", 2);
            if (parts.length != 2) {
                throw new IllegalArgumentException("a rate is count/ISO-8601 period, e.g. 60/PT1M: " + spec);
            }
            Rate r;
            try {
                r = new Rate(Long.parseLong(parts[0].trim()), Duration.parse(parts[1].trim()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("a rate is count/ISO-8601 period, e.g. 60/PT1M: " + spec, e);
            }
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
    private static final RedisScript GCRA = new RedisScript("""
            local now = tonumber(ARGV[3])
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
            """);

    /**
     * Gives one request back to a GCRA key (moves its theoretical arrival time back by one interval, deleting the key
     * once nothing is left), for a limit on failures whose attempts are counted before they are judged.
     */
    private static final RedisScript GCRA_RELEASE = new RedisScript("""
            local cur = redis.call('GET', KEYS[1])
            if not cur then return 0 end
            local now = tonumber(ARGV[3])
            local tat = tonumber(cur) - tonumber(ARGV[2]) / tonumber(ARGV[1])
            if tat <= now then
              redis.call('DEL', KEYS[1])
            else
              redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now))
            end
            return 1
            """);

    /**
     * One attempt at a password or code takes its place in the count before it is judged. While a lock lasts the
     * attempt is refused uncounted. Otherwise it is counted; the attempt that reaches the threshold is still judged
     * but sets the lock at once, so parallel attempts behind it are refused: at most {@code threshold} are judged
     * before the lock, then one per lock period, each further one doubling the lock up to its maximum. A success
     * deletes the key. Returns the lock's remaining ms for a refused attempt, minus the count (0 or less) for one to
     * judge.
     */
    private static final RedisScript ATTEMPT = new RedisScript("""
            local now = tonumber(ARGV[5])
            local u = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
            if u > now then return math.ceil(u - now) end
            local f = redis.call('HINCRBY', KEYS[1], 'f', 1)
            local threshold = tonumber(ARGV[1])
            local keep = tonumber(ARGV[4])
            if f >= threshold then
              local lock = tonumber(ARGV[2]) * (2 ^ (f - threshold))
              if lock > tonumber(ARGV[3]) then lock = tonumber(ARGV[3]) end
              redis.call('HSET', KEYS[1], 'until', tostring(now + lock))
              if lock > keep then keep = lock end
            end
            redis.call('PEXPIRE', KEYS[1], math.ceil(keep))
            return -f
            """);

    /**
     * Takes back one attempt {@link #ATTEMPT} counted (its answer was {@code -f}) but nobody judged: the count, and
     * the lock when that attempt set it (ARGV[1] = 1; no attempt counted after it then, as every later one met the
     * lock). The key goes when nothing is left.
     */
    private static final RedisScript UNDO_ATTEMPT = new RedisScript("""
            local f = redis.call('HINCRBY', KEYS[1], 'f', -1)
            if ARGV[1] == '1' then redis.call('HDEL', KEYS[1], 'until') end
            if f <= 0 and redis.call('HEXISTS', KEYS[1], 'until') == 0 then redis.call('DEL', KEYS[1]) end
            return f
            """);

    private RedisDataSource redis;
    private ReactiveRedisDataSource reactiveRedis;
    private Duration redisTimeout;
    private RateLimitConfig config;
    private Clock clock;
    private byte[] keyHashKey;
    private ReplicatedWrites replicated;

    RateLimiter() {
        // for the client proxy
    }

    @Inject
    public RateLimiter(RedisDataSource redis, ReactiveRedisDataSource reactiveRedis, RateLimitConfig config,
            ServiceSecret secret, Clock clock, ReplicatedWrites replicated,
            @ConfigProperty(name = "quarkus.redis.timeout", defaultValue = "10S") Duration redisTimeout) {
        this.replicated = replicated;
        this.redis = redis;
        this.reactiveRedis = reactiveRedis;
        this.redisTimeout = redisTimeout;
        this.config = config;
        this.clock = clock;
        this.keyHashKey = secret.derive("rate-limit-keys");
    }

    /** Counts one authenticated API call of the user (600 a minute by default). */
    public void checkApiCall(String userId) {
        check("api-user", userId, config.apiPerUser());
    }

    /**
     * {@link #checkApiCall} without blocking, for endpoints that answer on the event loop: fails with 429
     * RATE_LIMITED over the limit, and with the outage (503) when Redis does not answer within its timeout.
     */
    public Uni<Void> checkApiCallAsync(String userId) {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        Rate rate = config.apiPerUser();
        return GCRA.runAsync(reactiveRedis, key("api-user", userId), Long.toString(rate.count()),
                Long.toString(rate.period().toMillis()), Long.toString(clock.millis()))
                .ifNoItem().after(redisTimeout).fail()
                .map(r -> {
                    long wait = waitOf(r);
                    if (wait > 0) {
                        throw ApiException.rateLimited(seconds(wait));
                    }
                    return null;
                });
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** Counts one request of {@code subject} in {@code bucket}; throws 429 RATE_LIMITED over the limit. */
    public void check(String bucket, String subject, Rate rate) {
        long wait = acquire(bucket, subject, rate);
        if (wait > 0) {
            throw ApiException.rateLimited(seconds(wait));
        }
    }

    /** Like {@link #check} for a client address: an IPv6 client counts by its /64, which one host usually holds. */
    public void checkClient(String bucket, String ip, Rate rate) {
        check(bucket, clientNetwork(ip), rate);
    }

    /** Counts one request and answers whether it is within the limit, instead of throwing. */
    public boolean tryAcquire(String bucket, String subject, Rate rate) {
        return acquire(bucket, subject, rate) == 0;
    }

    public boolean tryAcquireClient(String bucket, String ip, Rate rate) {
        return tryAcquire(bucket, clientNetwork(ip), rate);
    }

    /**
     * Gives back one request that {@link #tryAcquire} counted for {@code subject}: a limit on failures counts each
     * attempt before it is judged, so parallel attempts cannot all pass a count of failures that have not happened
     * yet, and an attempt that turns out a success returns its place.
     */
    public void release(String bucket, String subject, Rate rate) {
        if (!config.enabled()) {
            return;
        }
        GCRA_RELEASE.run(redis, key(bucket, subject), Long.toString(rate.count()),
                Long.toString(rate.period().toMillis()), Long.toString(clock.millis()));
    }

    /** {@link #release} for a client address, counted as {@link #tryAcquireClient} counts it. */
    public void releaseClient(String bucket, String ip, Rate rate) {
        release(bucket, clientNetwork(ip), rate);
    }

    /**
     * How long, in whole seconds, a client address must wait before {@code bucket} would take one more of its
     * requests; 0 when it would. Counts nothing: for limits on failures, where a request is refused while the
     * failures are over the limit and only a failure is counted ({@link #tryAcquireClient}).
     */
    public long waitClient(String bucket, String ip, Rate rate) {
        if (!config.enabled()) {
            return 0;
        }
        String tat = redis.value(String.class).get(key(bucket, clientNetwork(ip)));
        if (tat == null) {
            return 0;
        }
        double interval = (double) rate.period().toMillis() / rate.count();
        double allowAt;
        try {
            allowAt = Double.parseDouble(tat) + interval - rate.period().toMillis();
        } catch (NumberFormatException e) {
            return 0;
        }
        long wait = (long) Math.ceil(allowAt - clock.millis());
        return wait > 0 ? seconds(wait) : 0;
    }

    private long acquire(String bucket, String subject, Rate rate) {
        if (!config.enabled()) {
            return 0;
        }
        return waitOf(GCRA.run(redis, key(bucket, subject), Long.toString(rate.count()),
                Long.toString(rate.period().toMillis()), Long.toString(clock.millis())));
    }

    /** The GCRA script's answer as milliseconds to wait, 0 when the request was taken. */
    private static long waitOf(Response r) {
        return r.get(0).toLong() == 0 ? Math.max(1, r.get(1).toLong()) : 0;
    }

    /**
     * Counts one attempt at the password or a code of {@code subject} (see {@link #bruteForceSubject}) before it is
     * judged; throws 429 RATE_LIMITED, uncounted, while its lock lasts. A Redis outage throws (503): an attempt is
     * never judged uncounted. The count is a write a fail-over must not lose ({@link ReplicatedWrites}): a count the
     * replicas did not acknowledge is an outage too, so a lock cannot vanish with a master.
     */
    public void attempt(String subject) {
        if (!config.enabled()) {
            return;
        }
        String key = key("bf", subject);
        long ms;
        try {
            ms = replicated.run(ATTEMPT, key, Integer.toString(config.loginFailures()),
                    Long.toString(config.lockBase().toMillis()), Long.toString(config.lockMax().toMillis()),
                    Long.toString(config.failureMemory().toMillis()), Long.toString(clock.millis())).toLong();
        } catch (RedisReplicationException e) {
            // the master counted it and no replica has it yet: the attempt is refused (503) unjudged, so what it did
            // is taken back, or a user whose logins meet a master without replicas would lock himself out (seen in
            // RedisClusterIT, and with 40 logins at once from outside). Only here: after a lost connection nobody
            // knows whether it was counted, so it stays.
            undo(key, e);
            throw e;
        }
        if (ms > 0) {
            throw ApiException.rateLimited(seconds(ms));
        }
    }

    private void undo(String key, RedisReplicationException e) {
        if (e.reply() == null || e.reply().toLong() > 0) {
            return; // refused by a lock: it counted nothing
        }
        boolean setTheLock = -e.reply().toLong() >= config.loginFailures();
        try {
            UNDO_ATTEMPT.run(redis, key, setTheLock ? "1" : "0");
        } catch (RuntimeException undoFailed) {
            e.addSuppressed(undoFailed);
        }
    }

    /** Forgets the attempts of {@code subject}: an issued token pair, a finished reauth, a password reset by mail. */
    public void clearAttempts(String subject) {
        if (!config.enabled()) {
            return;
        }
        redis.key().del(key("bf", subject));
    }

    /**
     * The brute-force count's subject: the account when the login name names one (its username and its email share
     * one count), otherwise the login name as normalised by the caller.
     */
    public static String bruteForceSubject(java.util.UUID accountId, String normalisedLoginName) {
        return accountId != null ? "account:" + accountId : "name:" + normalisedLoginName;
    }

    /** The network a client address is counted by: the address itself for IPv4, its /64 for IPv6. */
    public static String clientNetwork(String ip) {
        InetAddress a = Cidr.literal(ip);
        if (a == null || a.getAddress().length == 4) {
            return ip == null ? "" : ip;
        }
        return HexFormat.of().formatHex(Arrays.copyOf(a.getAddress(), 8)) + "::/64";
    }

    /** The Redis key of {@code subject}'s count in {@code bucket} (package-visible for the tests). */
    String key(String bucket, String subject) {
        byte[] h = Crypto.hmacSha256(keyHashKey, (bucket + "\u0000" + subject).getBytes(StandardCharsets.UTF_8));
        return "auth:rl:" + bucket + ":" + Crypto.base64Url(Arrays.copyOf(h, 16));
    }

    private static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }
}
