package io.cinema.auth.support;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The scheduled cleanup of dead refresh tokens, sessions and mail tokens ({@code auth.cleanup.*}). */
@ConfigMapping(prefix = "auth.cleanup")
public interface CleanupConfig {

    /** How often the cleanup runs on each replica (a duration such as {@code 1h}; {@code off} turns it off). */
    @WithDefault("1h")
    String every();

    /** Rows per delete statement; each statement is its own short transaction, so a backlog never holds long locks. */
    @WithDefault("10000")
    int batchSize();

    /**
     * How long a refresh token and its session are kept after they stopped mattering (the token past its own
     * expiry, the session revoked or past its absolute end), so that a late client still hears TOKEN_EXPIRED or
     * TOKEN_REVOKED rather than TOKEN_INVALID.
     */
    @WithDefault("P7D")
    Duration retention();
}
