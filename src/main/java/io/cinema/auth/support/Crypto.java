package io.cinema.auth.support;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Small, dependency-free crypto helpers shared by the features. */
public final class Crypto {

    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DEC = Base64.getUrlDecoder();

    private Crypto() {
    }

    /**
     * One digest per thread: looking a digest up costs more than hashing a token, and the hot path hashes two per
     * request. {@code digest} resets it, and a thread never hashes two things at once.
     */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    public static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    /** SHA-1, only where a protocol names it (Redis script ids), never for secrets. */
    public static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] hmacSha256(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] hmacSha256(byte[] key, String text) {
        return hmacSha256(key, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * HMAC-SHA-256 under one fixed key, for the hot path: one initialised {@link Mac} per thread, since finding and
     * keying a Mac costs more than a short MAC. {@code doFinal} resets it for the next message under the same key.
     */
    public static final class Hmac {
        private final ThreadLocal<Mac> macs;

        public Hmac(byte[] key) {
            SecretKeySpec spec = new SecretKeySpec(key, "HmacSHA256");
            this.macs = ThreadLocal.withInitial(() -> {
                try {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(spec);
                    return mac;
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        public byte[] of(byte[] data) {
            return macs.get().doFinal(data);
        }
    }

    /** An opaque token of {@code bytes} random bytes, base64url without padding. */
    public static String randomToken(SecureRandom random, int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return B64URL.encodeToString(b);
    }

    public static String base64Url(byte[] data) {
        return B64URL.encodeToString(data);
    }

    public static byte[] fromBase64Url(String text) {
        return B64URL_DEC.decode(text);
    }

    public static String hex(byte[] data) {
        return HexFormat.of().formatHex(data);
    }

    /** Constant-time comparison of two byte arrays. */
    public static boolean constantTimeEquals(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }
}
