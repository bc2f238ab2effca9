package io.cinema.auth.device;

import java.security.SecureRandom;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ServiceSecret;

/**
 * The two codes of a device authorization request. The device code is 256 random bits, which only the TV holds:
 * stored as an HMAC-SHA-256 under a key derived from the service secret (a random value needs no password hash, and
 * the key keeps a stolen table from being checked offline). The user code is 8 letters of RFC 8628 §6.1's
 * {@code BCDFGHJKLMNPQRSTVWXZ} (no vowels, so no words; about 34.6 bits), shown as {@code XXXX-XXXX} and matched
 * without regard to case, dashes or spaces; guessing it is bounded by the rate limits, not by its length.
 */
@Singleton
public class DeviceCodes {

    public static final String ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";
    public static final int USER_CODE_LENGTH = 8;
    static final int DEVICE_CODE_BYTES = 32;
    /** Longest device code looked at: a base64url 256-bit value is 43 characters. */
    static final int MAX_DEVICE_CODE = 128;

    private final SecureRandom random;
    private final byte[] key;

    @Inject
    public DeviceCodes(SecureRandom random, ServiceSecret secret) {
        this.random = random;
        this.key = secret.derive("device-code");
    }

    /** A new device code in clear, handed to the TV once. */
    public String newDeviceCode() {
        return Crypto.randomToken(random, DEVICE_CODE_BYTES);
    }

    public byte[] hash(String deviceCode) {
        return Crypto.hmacSha256(key, deviceCode);
    }

    /** Whether a presented device code could be one of ours at all (so garbage costs no query). */
    public static boolean plausible(String deviceCode) {
        if (deviceCode == null || deviceCode.isEmpty() || deviceCode.length() > MAX_DEVICE_CODE) {
            return false;
        }
        return deviceCode.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_'));
    }

    /** A new user code, normalised (8 letters, no dash); each letter uniform over the alphabet. */
    public String newUserCode() {
        StringBuilder sb = new StringBuilder(USER_CODE_LENGTH);
        for (int i = 0; i < USER_CODE_LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /**
     * A typed user code as stored: upper case, without dashes and white space; null when what remains is not 8
     * letters of the alphabet (no such code exists).
     */
    public static String normalise(String typed) {
        if (typed == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(USER_CODE_LENGTH);
        for (int i = 0; i < typed.length(); i++) {
            char c = typed.charAt(i);
            if (c == '-' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            // ASCII only: a letter that upper-cases into the alphabet (the long s becomes S) is no letter of ours
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (ALPHABET.indexOf(upper) < 0 || sb.length() == USER_CODE_LENGTH) {
                return null;
            }
            sb.append(upper);
        }
        return sb.length() == USER_CODE_LENGTH ? sb.toString() : null;
    }

    /** A normalised user code as people read it: {@code XXXX-XXXX}. */
    public static String display(String normalised) {
        return normalised.substring(0, 4) + "-" + normalised.substring(4);
    }
}
