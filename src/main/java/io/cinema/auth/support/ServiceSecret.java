package io.cinema.auth.support;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;

/**
 * The service's own secret, the root of its keyed hashes and encryption. Each purpose gets a key derived from it
 * (HMAC-SHA-256 of the purpose label), so no two uses ever share a key. A secret that anyone could guess (the
 * example's placeholder applied as it is, a short or repetitive text) stops the start: every keyed hash, successor and
 * encrypted TOTP secret would be as weak as it.
 */
@Singleton
public class ServiceSecret {

    static final String KEY = "auth.secret-key-location";
    static final int MIN_BYTES = 32;
    /**
     * Fewer distinct values than this is no secret (a few letters, a byte repeated). Not 16: a secret written as hex
     * ({@code openssl rand -hex 32}) misses two of its 16 digits in about 2% of cases.
     */
    static final int MIN_DISTINCT_BYTES = 8;
    static final double MIN_ENTROPY_BITS = 128;
    /** What a generated secret holds (as {@code openssl rand 64} in the deployment notes). */
    static final int GENERATED_BYTES = 64;

    private final byte[] root;

    @Inject
    public ServiceSecret(ServiceConfig config, SecureRandom random) {
        byte[] bytes;
        Path file;
        if (config.secretKeyLocation().isPresent()) {
            file = Path.of(config.secretKeyLocation().get());
            try {
                bytes = Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read " + KEY + " " + file, e);
            }
        } else {
            file = Path.of(config.generatedKeyDir(), "service-secret.key");
            boolean existed = Files.exists(file);
            bytes = KeyFiles.readOrCreate(file, () -> {
                byte[] b = new byte[GENERATED_BYTES];
                random.nextBytes(b);
                return b;
            });
            Log.warnf("%s is not set: using the %s secret in %s, which suits one instance only", KEY,
                    existed ? "generated" : "newly generated", file.toAbsolutePath());
        }
        requireStrong(bytes, file);
        this.root = bytes;
    }

    /** A 32-byte key for one purpose, e.g. {@code "refresh-successor"}. */
    public byte[] derive(String purpose) {
        return Crypto.hmacSha256(root, "cinema-auth/" + purpose);
    }

    /**
     * Refuses a secret too weak to be the root of the service's keys, with a message naming {@value #KEY} and the file
     * but never any byte of the secret: a placeholder, fewer than {@value #MIN_BYTES} bytes, fewer than
     * {@value #MIN_DISTINCT_BYTES} distinct byte values, an estimated entropy under {@value #MIN_ENTROPY_BITS} bits,
     * one pattern repeated, or a run with fewer than {@value #MIN_DISTINCT_BYTES} distinct steps from byte to byte
     * (counting: "abc...xyz012", 0, 1, 2...). At least 32 random bytes, and 32 random bytes written as hex or base64,
     * pass.
     */
    public static void requireStrong(byte[] secret, Object source) {
        refusePlaceholder(KEY, source, secret);
        String why = weakness(secret);
        if (why != null) {
            throw new IllegalStateException(KEY + ": the service secret in " + source + " " + why
                    + "; write at least " + MIN_BYTES + " random bytes to it, e.g. openssl rand -out <file> 64");
        }
    }

    /**
     * Refuses key material that still holds the word PLACEHOLDER (the example Secret of the Kubernetes manifests,
     * applied without replacing its values), naming the configuration key and the file, never the content.
     */
    public static void refusePlaceholder(String key, Object source, byte[] content) {
        // ISO-8859-1 maps every byte to one char, so binary content cannot fail to decode
        if (new String(content, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT).contains("PLACEHOLDER")) {
            throw new IllegalStateException(key + ": " + source + " holds a PLACEHOLDER value from the example "
                    + "configuration (k8s/secret.example.yaml), not a real key; create the real one as that file "
                    + "describes");
        }
    }

    /** Why the secret is too weak, or null when it is not. */
    static String weakness(byte[] s) {
        if (s.length < MIN_BYTES) {
            return "holds " + s.length + " bytes, fewer than " + MIN_BYTES;
        }
        int[] counts = new int[256];
        for (byte b : s) {
            counts[b & 0xff]++;
        }
        int distinct = 0;
        for (int c : counts) {
            distinct += c > 0 ? 1 : 0;
        }
        if (distinct < MIN_DISTINCT_BYTES) {
            return "holds only " + distinct + " distinct byte values, fewer than " + MIN_DISTINCT_BYTES;
        }
        double bits = entropyBits(counts, s.length);
        if (bits < MIN_ENTROPY_BITS) {
            return String.format(Locale.ROOT, "has an estimated entropy of %.0f bits, under %.0f", bits,
                    MIN_ENTROPY_BITS);
        }
        int period = period(s);
        if (period <= s.length / 2) {
            return "is one pattern of " + period + " bytes repeated";
        }
        if (distinctSteps(s) < MIN_DISTINCT_BYTES) {
            return "is a counting sequence (fewer than " + MIN_DISTINCT_BYTES + " distinct steps from byte to byte)";
        }
        return null;
    }

    /** Shannon entropy of the byte histogram times the length: what the bytes hold if each were drawn independently. */
    static double entropyBits(int[] counts, int length) {
        double perByte = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / length;
                perByte -= p * (Math.log(p) / Math.log(2));
            }
        }
        return perByte * length;
    }

    /** The smallest p with s[i] == s[i - p] for every i (the length itself when nothing repeats). */
    static int period(byte[] s) {
        // prefix function (Knuth-Morris-Pratt): the longest proper border gives the smallest period
        int[] border = new int[s.length];
        for (int i = 1; i < s.length; i++) {
            int k = border[i - 1];
            while (k > 0 && s[i] != s[k]) {
                k = border[k - 1];
            }
            if (s[i] == s[k]) {
                k++;
            }
            border[i] = k;
        }
        return s.length - border[s.length - 1];
    }

    private static int distinctSteps(byte[] s) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (int i = 1; i < s.length; i++) {
            int step = (s[i] - s[i - 1]) & 0xff;
            if (!seen[step]) {
                seen[step] = true;
                distinct++;
            }
        }
        return distinct;
    }
}
