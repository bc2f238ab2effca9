package io.cinema.auth.account;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Accounts: re-authentication, login history and password hashing ({@code auth.*}, {@code auth.password.*}). */
@ConfigMapping(prefix = "auth")
public interface AccountConfig {

    /** How recent a session's last proof of the password must be for a change of how the account logs in. */
    @WithDefault("PT5M")
    Duration reauthMaxAge();

    /** Login history older than this is dropped (whole monthly partitions). */
    @WithDefault("P365D")
    Duration historyRetention();

    Password password();

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

            /**
             * Whether the memory is filled by the native AVX2 code where it is loaded (the same bytes, about 2.7
             * times as fast as the Java loop); false keeps the Java loop.
             */
            @WithName("native")
            @WithDefault("true")
            boolean nativeFill();
        }
    }
}
