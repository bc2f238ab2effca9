package io.cinema.auth.support;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

/**
 * The Redis rate limits and the brute-force lock ({@code auth.rate-limit.*}). A rate is {@code count/ISO-8601
 * period}, parsed once at start: a bad value stops the start with its key named.
 */
@ConfigMapping(prefix = "auth.rate-limit")
public interface RateLimitConfig {

    /** The Redis rate limits and brute-force lock. */
    @WithDefault("true")
    boolean enabled();

    /** Failed logins per login name before the lock starts. */
    @WithDefault("10")
    int loginFailures();

    /** First lock duration; it doubles with each further failure. */
    @WithDefault("PT1M")
    Duration lockBase();

    /** Longest lock. */
    @WithDefault("PT15M")
    Duration lockMax();

    /** How long failures are remembered without a new one. */
    @WithDefault("PT24H")
    Duration failureMemory();

    /** Logins per client IP. */
    @WithDefault("60/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate loginPerIp();

    /** Signups per client IP. */
    @WithDefault("20/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate signupPerIp();

    /** Refreshes per session. */
    @WithDefault("60/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate refreshPerSession();

    /** Social callbacks per client IP. */
    @WithDefault("60/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate socialCallbackPerIp();

    /** Forgot-password and verification mails per address. */
    @WithDefault("5/PT1H")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate mailPerAddress();

    /** Forgot-password and verification mails per client IP. */
    @WithDefault("30/PT1H")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate mailPerIp();

    /** Failed service-client authentications (a wrong client id or secret at the token endpoint) per client IP. */
    @WithDefault("30/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate clientAuthFailuresPerIp();

    /**
     * TV sign-in: lookups and approvals of a device flow's user code with a wrong code, per user (a user code has
     * about 34 bits, so guessing must stay slow).
     */
    @WithDefault("10/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate deviceCodeFailuresPerUser();

    /**
     * TV sign-in: device authorization requests per client IP (each one stores a request for the code's life, so an
     * anonymous flood must not fill the table).
     */
    @WithDefault("20/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate deviceAuthorizationsPerIp();

    /** TV sign-in: lookups and approvals with a wrong user code, per client IP. */
    @WithDefault("30/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate deviceCodeFailuresPerIp();

    /** Any other authenticated call, per user. */
    @WithDefault("600/PT1M")
    @WithConverter(RateLimiter.RateConverter.class)
    RateLimiter.Rate apiPerUser();
}
