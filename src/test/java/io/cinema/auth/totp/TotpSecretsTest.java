package io.cinema.auth.totp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Crypto;

class TotpSecretsTest {

    private final byte[] key = Crypto.sha256("a test key");
    private final TotpSecrets secrets = new TotpSecrets(key, new SecureRandom());
    private final UUID alice = UUID.randomUUID();

    @Test
    void aSecretHas160RandomBits() {
        byte[] a = secrets.newSecret();
        assertEquals(20, a.length);
        assertFalse(Arrays.equals(a, secrets.newSecret()));
    }

    @Test
    void base32IsRfc4648UpperCaseWithoutPadding() {
        assertEquals("MZXW6YTBOI", TotpSecrets.base32("foobar".getBytes(StandardCharsets.US_ASCII)));
        byte[] s = secrets.newSecret();
        String b32 = TotpSecrets.base32(s);
        assertEquals(32, b32.length());
        assertTrue(b32.matches("[A-Z2-7]{32}"));
        assertArrayEquals(s, new Base32().decode(b32));
    }

    @Test
    void encryptionRoundTripsWithAVersionPrefixAndAFreshNonce() {
        byte[] s = secrets.newSecret();
        String one = secrets.encrypt(alice, s);
        String two = secrets.encrypt(alice, s);
        assertTrue(one.startsWith("v1:"));
        assertNotEquals(one, two, "a fresh nonce each time");
        assertFalse(one.contains(TotpSecrets.base32(s)));
        assertEquals(3 + 64, one.length(), "v1: + base64url of 12 nonce + 20 secret + 16 tag bytes");
        assertArrayEquals(s, secrets.decrypt(alice, one));
        assertArrayEquals(s, secrets.decrypt(alice, two));
    }

    @Test
    void aCiphertextDoesNotDecryptForAnotherUserOrUnderAnotherKey() {
        String stored = secrets.encrypt(alice, secrets.newSecret());
        assertThrows(IllegalStateException.class, () -> secrets.decrypt(UUID.randomUUID(), stored));
        TotpSecrets other = new TotpSecrets(Crypto.sha256("another key"), new SecureRandom());
        assertThrows(IllegalStateException.class, () -> other.decrypt(alice, stored));
    }

    @Test
    void tamperedOrMalformedValuesAreRefused() {
        String stored = secrets.encrypt(alice, secrets.newSecret());
        byte[] raw = Crypto.fromBase64Url(stored.substring(3));
        raw[20] ^= 1;
        String tampered = "v1:" + Crypto.base64Url(raw);
        for (String bad : new String[] {tampered, null, "", "v2:" + stored.substring(3), stored.substring(3), "v1:***",
            "v1:" + Crypto.base64Url(new byte[28])}) {
            assertThrows(IllegalStateException.class, () -> secrets.decrypt(alice, bad), String.valueOf(bad));
        }
    }
}
