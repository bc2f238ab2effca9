package io.cinema.auth.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Every {@code auth.*} setting of the service; the README's configuration table lists the same keys. */
@ConfigMapping(prefix = "auth")
public interface AuthConfig {

    /** {@code iss} of every token and the discovery document's issuer. */
    @WithDefault("http://localhost:8080")
    String issuer();

    /** {@code aud} of access tokens. */
    @WithDefault("cinema")
    String audience();

    /** External base URL users see (front end and API behind one host); defaults to the issuer. */
    Optional<String> publicUrl();

    /** Life of an access token. */
    @WithDefault("PT15M")
    Duration accessTokenTtl();

    /** Life of each refresh token from its issue. */
    @WithDefault("P30D")
    Duration refreshTokenTtl();

    /** Absolute end of a session, counted from its login. */
    @WithDefault("P90D")
    Duration sessionMaxLifetime();

    /** How long a replayed refresh token still gets its unused successor. */
    @WithDefault("PT10S")
    Duration refreshReuseGrace();

    /** File of at least 32 random bytes: the root of the service's keyed hashes and encryption. */
    Optional<String> secretKeyLocation();

    /** Login history older than this is dropped (whole monthly partitions). */
    @WithDefault("P365D")
    Duration historyRetention();

    /** CIDRs of proxies whose X-Forwarded-For entries are believed. */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();

    /** A role that may use the administration endpoints besides superuser. */
    Optional<String> adminRole();

    /** How recent a session's last proof of the password must be for a change of how the account logs in. */
    @WithDefault("PT5M")
    Duration reauthMaxAge();

    /** Life of the Redis cache entries of session and user state (bounds staleness if an invalidation fails). */
    @WithDefault("PT60S")
    Duration stateCacheTtl();

    Jwt jwt();

    Password password();

    RateLimit rateLimit();

    Email email();

    Totp totp();

    /** Social login providers by name. */
    Map<String, Social> social();

    default String effectivePublicUrl() {
        String url = publicUrl().orElse(issuer());
        return Urls.withoutTrailingSlash(url);
    }

    interface Jwt {
        /** Signing algorithm of access tokens (RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512). */
        @WithDefault("RS256")
        String algorithm();

        /** PEM (PKCS#8) private key that signs; unset: a key pair is generated once into generated-key-dir. */
        Optional<String> signingKeyLocation();

        /**
         * Comma-separated PEM public keys, each {@code path} or {@code ALG:path} (without a prefix: the configured
         * algorithm): earlier signing keys, still accepted, and upcoming ones, published before they sign.
         */
        Optional<List<String>> verificationKeysLocation();

        /** Where a generated signing key and service secret are kept. */
        @WithDefault(".keys")
        String generatedKeyDir();
    }

    interface Password {
        Argon2 argon2();

        /** Hashes computed at once; unset means the number of CPUs. */
        Optional<Integer> maxConcurrentHashes();

        /** How long a hash waits for a permit before the request gets 503. */
        @WithDefault("PT10S")
        Duration maxWait();

        interface Argon2 {
            /** Memory cost in KiB. */
            @WithDefault("19456")
            int memoryKib();

            /** Number of passes. */
            @WithDefault("2")
            int iterations();

            /** Lanes. */
            @WithDefault("1")
            int parallelism();
        }
    }

    interface RateLimit {
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

        /** Logins per client IP, as count/ISO-8601 period. */
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

        /** Any other authenticated call, per user. */
        @WithDefault("600/PT1M")
        @WithConverter(RateLimiter.RateConverter.class)
        RateLimiter.Rate apiPerUser();
    }

    interface Email {
        /** Sender of the service's mails. */
        @WithDefault("no-reply@localhost")
        String from();

        /** Verification link template with {token}; default {public-url}/verify-email#token={token}. */
        Optional<String> verifyUrl();

        /** Reset link template with {token}; default {public-url}/reset-password#token={token}. */
        Optional<String> resetUrl();

        /** Life of a verification token. */
        @WithDefault("P1D")
        Duration verifyTtl();

        /** Life of a reset token. */
        @WithDefault("PT30M")
        Duration resetTtl();
    }

    interface Totp {
        /** Issuer shown in authenticator apps. */
        @WithDefault("Cinema")
        String issuer();
    }

    interface Social {
        /** oidc or oauth2. */
        @WithDefault("oidc")
        String kind();

        /** Off until set. */
        @WithDefault("false")
        boolean enabled();

        /** Accept a plain-http issuer and endpoints (local test providers only); else they must be https. */
        @WithDefault("false")
        boolean allowInsecureHttp();

        /** OIDC issuer (discovery is read from it). */
        Optional<String> issuer();

        Optional<String> authorizationEndpoint();

        Optional<String> tokenEndpoint();

        Optional<String> userinfoEndpoint();

        Optional<String> clientId();

        Optional<String> clientSecret();

        Optional<List<String>> scopes();

        /** Where the provider sends the browser back; default this service's callback under public-url. */
        Optional<String> redirectUri();

        /**
         * How the access token goes to the user-info endpoint: {@code bearer} (Authorization: Bearer), {@code oauth}
         * (Authorization: OAuth, Yandex) or {@code query} (an access_token parameter, the VK API).
         */
        @WithDefault("bearer")
        String userinfoAuth();

        /** Count the provider's email as verified even without a verified flag. */
        @WithDefault("false")
        boolean trustEmail();

        /** User-info field holding the subject (oauth2 providers). */
        @WithDefault("sub")
        @WithName("claims.subject")
        String subjectClaim();

        /** User-info field holding the email. */
        @WithDefault("email")
        @WithName("claims.email")
        String emailClaim();

        /** User-info field holding the email-verified flag. */
        @WithDefault("email_verified")
        @WithName("claims.email-verified")
        String emailVerifiedClaim();

        /** User-info field holding a display or login name. */
        @WithDefault("preferred_username")
        @WithName("claims.name")
        String nameClaim();
    }
}
