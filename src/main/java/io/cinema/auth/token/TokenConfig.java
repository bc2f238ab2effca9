package io.cinema.auth.token;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Tokens, sessions and their signing keys: {@code auth.*} lifetimes and {@code auth.jwt.*}. */
@ConfigMapping(prefix = "auth")
public interface TokenConfig {

    /** {@code aud} of access tokens. */
    @WithDefault("cinema")
    String audience();

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

    /** Life of the Redis cache entries of session and user state (bounds staleness if an invalidation fails). */
    @WithDefault("PT60S")
    Duration stateCacheTtl();

    /** A role that may use the administration endpoints besides superuser. */
    Optional<String> adminRole();

    Jwt jwt();

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

        /**
         * RS256/384/512 signatures through OpenSSL's libcrypto where the build made {@code libauthrsa.so} and it
         * loads (the same bytes as the JDK's, in a little more than half the time); off: the JDK signs.
         */
        @WithDefault("true")
        boolean nativeRsa();
    }
}
