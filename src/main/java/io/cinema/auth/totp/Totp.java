package io.cinema.auth.totp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Time-based one-time passwords (RFC 6238) over HOTP (RFC 4226). Pure: no state, no I/O; the time comes from the
 * caller's {@link Clock}.
 */
public final class Totp {

    /** The HMAC behind the codes; authenticator apps mostly support only SHA-1. */
    public enum Algorithm {
        SHA1("HmacSHA1"), SHA256("HmacSHA256"), SHA512("HmacSHA512");

        private final String jca;

        Algorithm(String jca) {
            this.jca = jca;
        }

        /** The name as an otpauth URI spells it. */
        public String uriName() {
            return name();
        }
    }

    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** What the service uses: SHA-1, 6 digits, 30-second steps, as the contract says. */
    public static final Totp STANDARD = new Totp(Algorithm.SHA1, 6, 30);

    private final Algorithm algorithm;
    private final int digits;
    private final long periodSeconds;

    public Totp(Algorithm algorithm, int digits, long periodSeconds) {
        if (digits < 6 || digits > 8) {
            throw new IllegalArgumentException("digits must be 6 to 8");
        }
        if (periodSeconds < 1) {
            throw new IllegalArgumentException("the period must be positive");
        }
        this.algorithm = algorithm;
        this.digits = digits;
        this.periodSeconds = periodSeconds;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    public int digits() {
        return digits;
    }

    public long periodSeconds() {
        return periodSeconds;
    }

    /** The time step an instant falls in (T = floor(unix time / period), with T0 = 0). */
    public long step(Instant t) {
        return Math.floorDiv(t.getEpochSecond(), periodSeconds);
    }

    public long currentStep(Clock clock) {
        return step(clock.instant());
    }

    /** The code of one time step. */
    public String code(byte[] secret, long step) {
        return hotp(algorithm, secret, step, digits);
    }

    /**
     * The step, within {@code window} steps either side of {@code currentStep}, whose code equals {@code code}, and
     * that is newer than {@code lastAcceptedStep} (null when none was accepted yet). Every candidate is computed and
     * compared in constant time, so timing does not tell which step matched or how much of a code was right.
     */
    public OptionalLong match(byte[] secret, String code, long currentStep, int window, Long lastAcceptedStep) {
        if (code == null || code.length() != digits || !allDigits(code)) {
            return OptionalLong.empty();
        }
        byte[] given = code.getBytes(StandardCharsets.US_ASCII);
        long found = Long.MIN_VALUE;
        for (long s = currentStep - window; s <= currentStep + window; s++) {
            boolean equal = MessageDigest.isEqual(given, code(secret, s).getBytes(StandardCharsets.US_ASCII));
            boolean fresh = lastAcceptedStep == null || s > lastAcceptedStep;
            if (equal && fresh && s > found) {
                found = s;
            }
        }
        return found == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(found);
    }

    /** RFC 4226 HOTP: HMAC of the 8-byte big-endian counter, dynamic truncation, modulo 10^digits. */
    public static String hotp(Algorithm algorithm, byte[] key, long counter, int digits) {
        byte[] msg = new byte[8];
        for (int i = 7; i >= 0; i--) {
            msg[i] = (byte) (counter & 0xff);
            counter >>>= 8;
        }
        byte[] h;
        try {
            Mac mac = Mac.getInstance(algorithm.jca);
            mac.init(new SecretKeySpec(key, algorithm.jca));
            h = mac.doFinal(msg);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        int offset = h[h.length - 1] & 0x0f;
        int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
                | (h[offset + 3] & 0xff);
        String s = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - s.length()) + s;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
