package io.cinema.auth.account.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.cinema.auth.account.AccountConfig;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.Crypto;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Argon2id password hashes in PHC string form ({@code $argon2id$v=19$m=..,t=..,p=..$salt$hash}), computed by
 * {@link Argon2id}: its memory filled by the AVX2 code of {@link Argon2idNative} where that is loaded (unless
 * {@code auth.password.argon2.native=false}), else by its Java loop; the same bytes either way. At most {@code auth.password.max-concurrent-hashes} run at once; the rest wait a bounded time, then
 * 503, so a burst cannot exhaust memory. A fixed dummy hash lets an unknown login cost the same as a wrong password.
 * The memory of a hash with the configured parameters (a direct buffer for the native fill, a {@code long[]} for the
 * Java one) is taken from a pool of one per permit and given back zeroed, so a login allocates no 7 MiB; a stored
 * hash of other parameters gets a {@code long[]} of its own and the Java loop.
 */
@Singleton
public class PasswordHasher {

    private static final Logger LOG = Logger.getLogger(PasswordHasher.class);
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Parsed PHC string. */
    record Phc(int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
    }

    private final AccountConfig.Password config;
    private final SecureRandom random;
    private final Semaphore permits;
    private final String dummyHash;
    private final Timer timer;
    private final BlockingQueue<long[]> memories;
    private final BlockingQueue<ByteBuffer> buffers;
    private final int pooledLongs;
    private final boolean nativeFill;

    @Inject
    public PasswordHasher(AccountConfig config, SecureRandom random, MeterRegistry registry) {
        this.config = config.password();
        this.random = random;
        int n = this.config.maxConcurrentHashes().orElse(Runtime.getRuntime().availableProcessors());
        this.permits = new Semaphore(Math.max(1, n), true);
        this.memories = new ArrayBlockingQueue<>(Math.max(1, n));
        this.buffers = new ArrayBlockingQueue<>(Math.max(1, n));
        this.pooledLongs = Argon2id.memoryLongs(this.config.argon2().memoryKib(), this.config.argon2().parallelism());
        this.nativeFill = this.config.argon2().nativeFill() && Argon2idNative.available();
        LOG.infof("Argon2id m=%d KiB t=%d p=%d, memory filled by %s", this.config.argon2().memoryKib(),
                this.config.argon2().iterations(), this.config.argon2().parallelism(), nativeFill ? "the native AVX2 code"
                        : "the Java loop (native: " + (this.config.argon2().nativeFill() ? Argon2idNative.status()
                                : "switched off") + ")");
        this.timer = Timer.builder("auth.password.hash").description("Time to compute one Argon2id password hash")
                .publishPercentileHistogram().register(registry);
        this.dummyHash = compute("dummy-password-for-unknown-logins".toCharArray(), this.config.argon2().memoryKib(),
                this.config.argon2().iterations(), this.config.argon2().parallelism(), newSalt());
    }

    /** A new hash with the configured parameters. */
    public String hash(String password) {
        AccountConfig.Password.Argon2 a = config.argon2();
        return bounded(() -> compute(password.toCharArray(), a.memoryKib(), a.iterations(), a.parallelism(), newSalt()));
    }

    /**
     * Checks a password against a stored hash; with a null hash (unknown login, or no password) it spends the same
     * work on the dummy hash and answers false.
     */
    public boolean verify(String password, String storedHash) {
        String target = storedHash != null ? storedHash : dummyHash;
        Phc phc = parse(target);
        if (phc == null) {
            phc = parse(dummyHash);
            storedHash = null;
        }
        Phc p = phc;
        byte[] actual = bounded(() -> raw(password.toCharArray(), p.memoryKib(), p.iterations(), p.parallelism(), p.salt(),
                p.hash().length));
        return storedHash != null && Crypto.constantTimeEquals(actual, p.hash());
    }

    /** Whether the hash was made with other parameters than the configured ones (then it is rehashed at login). */
    public boolean needsRehash(String storedHash) {
        Phc p = parse(storedHash);
        AccountConfig.Password.Argon2 a = config.argon2();
        return p == null || p.memoryKib() != a.memoryKib() || p.iterations() != a.iterations()
                || p.parallelism() != a.parallelism() || p.hash().length != HASH_BYTES;
    }

    private <T> T bounded(java.util.function.Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(config.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("The service is busy; try again shortly", 2);
        }
        if (!acquired) {
            throw ApiException.unavailable("The service is busy; try again shortly", 2);
        }
        try {
            return timer.record(work);
        } finally {
            permits.release();
        }
    }

    private byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    private String compute(char[] password, int m, int t, int p, byte[] salt) {
        byte[] hash = raw(password, m, t, p, salt, HASH_BYTES);
        return "$argon2id$v=19$m=" + m + ",t=" + t + ",p=" + p + "$" + B64.encodeToString(salt) + "$"
                + B64.encodeToString(hash);
    }

    /** Whether hashes of the configured parameters use the native fill. */
    public boolean nativeFill() {
        return nativeFill;
    }

    private byte[] raw(char[] password, int m, int t, int p, byte[] salt, int length) {
        int longs = Argon2id.memoryLongs(m, p);
        boolean pooled = longs == pooledLongs;
        byte[] pw = new String(password).getBytes(StandardCharsets.UTF_8);
        Arrays.fill(password, '\0');
        try {
            if (pooled && nativeFill) {
                ByteBuffer buffer = buffers.poll();
                if (buffer == null) {
                    buffer = ByteBuffer.allocateDirect(longs * Long.BYTES);
                }
                try {
                    return Argon2id.hashNative(pw, salt, null, null, m, t, p, length, buffer);
                } finally {
                    buffers.offer(buffer); // zeroed by the fill; dropped when the pool is full
                }
            }
            long[] memory = pooled ? memories.poll() : null;
            if (memory == null) {
                memory = new long[longs];
            }
            try {
                return Argon2id.hash(pw, salt, null, null, m, t, p, length, memory);
            } finally {
                if (pooled) {
                    memories.offer(memory); // zeroed by the hash; dropped when the pool is full
                }
            }
        } finally {
            Arrays.fill(pw, (byte) 0);
        }
    }

    static Phc parse(String phc) {
        if (phc == null) {
            return null;
        }
        String[] parts = phc.split("\\$");
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return null;
        }
        try {
            int m = -1;
            int t = -1;
            int p = -1;
            for (String kv : parts[3].split(",")) {
                String[] e = kv.split("=", 2);
                switch (e[0]) {
                    case "m" -> m = Integer.parseInt(e[1]);
                    case "t" -> t = Integer.parseInt(e[1]);
                    case "p" -> p = Integer.parseInt(e[1]);
                    default -> {
                        return null;
                    }
                }
            }
            if (m < 8 || t < 1 || p < 1 || m > 4_194_304 || t > 100 || p > 64) {
                return null;
            }
            return new Phc(m, t, p, B64D.decode(parts[4]), B64D.decode(parts[5]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
