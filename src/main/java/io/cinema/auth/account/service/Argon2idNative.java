package io.cinema.auth.account.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The AVX2 fill of Argon2id's memory ({@code src/main/c/argon2id_fill.c}), about 2.7 times as fast as
 * {@link Argon2id}'s Java loop and the same bytes: the build compiles it into {@code native/linux-x86_64/} on the
 * class path where it can (Linux, x86-64, a C compiler); it is loaded once, from a copy in a new private temporary
 * directory that is deleted again as soon as the library is mapped. Where it is missing, cannot be loaded, or the CPU
 * has no AVX2, {@link #available()} is false, {@link #status()} says why, and the Java loop is used. Nothing here
 * needs more than the JDK, so the bare-hash benchmark ({@code bench/hash/}) loads it as the service does.
 */
final class Argon2idNative {

    private static final String RESOURCE = "native/linux-x86_64/libauthargon2.so";
    /** Why the native fill is not used, in a few words, or "loaded"; set by {@link #load()}. */
    private static String reason = "not tried";
    private static final boolean AVAILABLE = load();

    private Argon2idNative() {
    }

    /** Whether the native fill is loaded and this CPU runs it. */
    static boolean available() {
        return AVAILABLE;
    }

    /** Why not, in a few words, or "loaded". */
    static String status() {
        return reason;
    }

    private static boolean load() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            reason = "not Linux on x86-64";
            return false;
        }
        try (InputStream in = Argon2idNative.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                reason = "the build made no " + RESOURCE;
                return false;
            }
            Path dir = Files.createTempDirectory("auth-argon2-");
            Path lib = dir.resolve("libauthargon2.so");
            try {
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
                System.load(lib.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(lib);
                Files.deleteIfExists(dir);
            }
            if (!supported()) {
                reason = "this CPU has no AVX2";
                return false;
            }
            reason = "loaded";
            return true;
        } catch (IOException | LinkageError | SecurityException e) {
            reason = "not loadable: " + e; // PasswordHasher logs it
            return false;
        }
    }

    /**
     * Fills {@code memory} (direct, at least {@code blocks} KiB) from {@code first} (every lane's blocks 0 and 1,
     * lane after lane), writes the XOR of the lanes' last blocks to {@code last} (1 KiB) and zeroes the memory.
     */
    static void fill(ByteBuffer memory, int blocks, int lanes, int iterations, byte[] first, byte[] last) {
        int rc = fill0(memory, blocks, lanes, iterations, first, last);
        if (rc != 0) {
            throw new IllegalArgumentException("Argon2id parameters out of range (" + rc + ")");
        }
    }

    private static native boolean supported();

    private static native int fill0(ByteBuffer memory, int blocks, int lanes, int iterations, byte[] first,
            byte[] last);
}
