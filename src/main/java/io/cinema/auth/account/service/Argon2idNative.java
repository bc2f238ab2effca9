package io.cinema.auth.account.service;

import java.nio.ByteBuffer;

import io.cinema.auth.support.NativeLibrary;

/**
 * The AVX2 fill of Argon2id's memory ({@code src/main/c/argon2id_fill.c}), about 2.7 times as fast as
 * {@link Argon2id}'s Java loop and the same bytes: the build compiles it into {@code native/linux-x86_64/} on the
 * class path where it can (Linux, x86-64, a C compiler) and {@link NativeLibrary} loads it once. Where it is
 * missing, cannot be loaded, or the CPU has no AVX2, {@link #available()} is false, {@link #status()} says why, and
 * the Java loop is used. Nothing here needs more than the JDK, so the bare-hash benchmark ({@code bench/hash/})
 * loads it as the service does.
 */
final class Argon2idNative {

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
        reason = NativeLibrary.load(Argon2idNative.class, "authargon2");
        if (!reason.equals(NativeLibrary.LOADED)) {
            return false; // PasswordHasher logs why
        }
        if (!supported()) {
            reason = "this CPU has no AVX2";
            return false;
        }
        return true;
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
