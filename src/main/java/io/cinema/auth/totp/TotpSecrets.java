package io.cinema.auth.totp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.apache.commons.codec.binary.Base32;

import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ServiceSecret;

/**
 * TOTP secrets: made from 160 random bits, shown to the user in base32, and kept in the database only encrypted with
 * AES-256-GCM under a key derived from the service's secret. The stored form is {@code v1:} + base64url(nonce ||
 * ciphertext+tag) with a fresh 96-bit nonce; the user id is the associated data, so a ciphertext copied to another
 * user's row does not decrypt.
 */
@Singleton
public class TotpSecrets {

    /** 160 bits, the size RFC 4226 recommends and every authenticator app accepts. */
    static final int SECRET_BYTES = 20;
    private static final String VERSION = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random;

    @Inject
    public TotpSecrets(ServiceSecret secret, SecureRandom random) {
        this(secret.derive("totp-encryption"), random);
    }

    TotpSecrets(byte[] aes256Key, SecureRandom random) {
        this.key = new SecretKeySpec(aes256Key, "AES");
        this.random = random;
    }

    public byte[] newSecret() {
        byte[] s = new byte[SECRET_BYTES];
        random.nextBytes(s);
        return s;
    }

    /** The secret as the user types it into an app: RFC 4648 base32, upper case, no padding. */
    public static String base32(byte[] secret) {
        return new Base32().encodeToString(secret).replace("=", "");
    }

    public String encrypt(UUID userId, byte[] secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(userId));
            byte[] sealed = c.doFinal(secret);
            return VERSION + Crypto.base64Url(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a TOTP secret", e);
        }
    }

    /**
     * The secret of a stored value; fails when the value was not made for this user or under this service secret
     * (the error names neither the value nor the secret).
     */
    public byte[] decrypt(UUID userId, String stored) {
        if (stored == null || !stored.startsWith(VERSION)) {
            throw new IllegalStateException("a stored TOTP secret has an unknown format");
        }
        byte[] all;
        try {
            all = Crypto.fromBase64Url(stored.substring(VERSION.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a stored TOTP secret has an unknown format");
        }
        if (all.length <= NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a stored TOTP secret is truncated");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(aad(userId));
            return c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException(
                    "a stored TOTP secret does not decrypt: another user's value, or auth.secret-key-location changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt a TOTP secret", e);
        }
    }

    private static byte[] aad(UUID userId) {
        return ("cinema-auth/totp/" + userId).getBytes(StandardCharsets.US_ASCII);
    }
}
