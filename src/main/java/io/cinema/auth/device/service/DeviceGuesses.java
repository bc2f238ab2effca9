package io.cinema.auth.device.service;

import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.RateLimitConfig;
import io.cinema.auth.support.RateLimiter;
import io.quarkus.logging.Log;

/**
 * The limit on wrong user codes (lookups and approvals alike): {@code auth.rate-limit.device-code-failures-per-user}
 * (10 a minute) and {@code -per-ip} (30 a minute), in Redis, shared by every replica. A user code has only about 34
 * bits, so what stops guessing is this count, and it must hold against parallel guesses too: each attempt takes its
 * place in both counts atomically before its code is checked (past either limit it is 429 RATE_LIMITED, unchecked),
 * and an attempt whose code was right gives its places back. So only wrong codes count, and a storm of guesses has at
 * most the limit's burst checked. Redis not answering fails the attempt (503), never lets it through uncounted.
 */
@Singleton
public class DeviceGuesses {

    static final String PER_USER = "device-code-user";
    static final String PER_IP = "device-code-ip";

    @Inject
    RateLimiter limiter;
    @Inject
    RateLimitConfig limits;

    /** Counts one attempt before its code is checked; 429 RATE_LIMITED (with Retry-After) past either limit. */
    public void attempt(UUID userId, String ip) {
        limiter.check(PER_USER, userId.toString(), limits.deviceCodeFailuresPerUser());
        try {
            limiter.checkClient(PER_IP, ip, limits.deviceCodeFailuresPerIp());
        } catch (RuntimeException e) {
            // refused by the address's count: the user's place was not used
            releaseQuietly(() -> limiter.release(PER_USER, userId.toString(), limits.deviceCodeFailuresPerUser()));
            throw e;
        }
    }

    /** The attempt's code was right: it gives its places back. */
    public void rightCode(UUID userId, String ip) {
        releaseQuietly(() -> limiter.release(PER_USER, userId.toString(), limits.deviceCodeFailuresPerUser()));
        releaseQuietly(() -> limiter.releaseClient(PER_IP, ip, limits.deviceCodeFailuresPerIp()));
    }

    /** A place not given back only makes the count stricter, so a failure here never fails the request. */
    private static void releaseQuietly(Runnable release) {
        try {
            release.run();
        } catch (RuntimeException e) {
            Log.debugf("device: a rate-limit place was not given back (%s)", e.toString());
        }
    }
}
