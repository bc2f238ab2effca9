package io.cinema.auth.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.support.ServiceSecret;

/** The device flow's codes: the user code's alphabet, normalisation and display, the device code's size and hash. */
class DeviceCodesTest {

    final DeviceCodes codes = new DeviceCodes(new SecureRandom(), secret(Path.of(TEST_SECRET)));

    static final String TEST_SECRET = "src/test/resources/keys/service-secret.key";

    /** The service secret of a file, as the service reads it. */
    static ServiceSecret secret(Path file) {
        return new ServiceSecret(new ServiceConfig() {
            @Override
            public String issuer() {
                return "https://auth.test.cinema";
            }

            @Override
            public Optional<String> publicUrl() {
                return Optional.empty();
            }

            @Override
            public Optional<String> secretKeyLocation() {
                return Optional.of(file.toString());
            }

            @Override
            public String generatedKeyDir() {
                return ".keys";
            }
        }, new SecureRandom());
    }

    @Test
    void userCodesAreEightLettersOfTheRfcAlphabetDrawnUniformly() {
        int[] counts = new int[DeviceCodes.ALPHABET.length()];
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            String c = codes.newUserCode();
            assertTrue(c.matches("[BCDFGHJKLMNPQRSTVWXZ]{8}"), c);
            seen.add(c);
            for (char ch : c.toCharArray()) {
                counts[DeviceCodes.ALPHABET.indexOf(ch)]++;
            }
        }
        assertTrue(seen.size() > 19_990, "codes repeat far too often: " + seen.size());
        // 160,000 letters over 20: 8,000 each; a fair draw stays well within 10 %
        for (int n : counts) {
            assertTrue(n > 7_200 && n < 8_800, "letter counts: " + java.util.Arrays.toString(counts));
        }
    }

    @Test
    void typedCodesNormaliseWithoutRegardToCaseDashesOrSpaces() {
        assertEquals("BCDFGHJK", DeviceCodes.normalise("BCDF-GHJK"));
        assertEquals("BCDFGHJK", DeviceCodes.normalise("bcdf-ghjk"));
        assertEquals("BCDFGHJK", DeviceCodes.normalise(" bcdfGHJK "));
        assertEquals("BCDFGHJK", DeviceCodes.normalise("BC DF - GH\tJK"));
        assertEquals("BCDFGHJK", DeviceCodes.normalise("\u00a0BCDF\u2007GHJK"));
        assertEquals("BCDF-GHJK", DeviceCodes.display("BCDFGHJK"));
    }

    @Test
    void codesThatCannotExistNormaliseToNothing() {
        assertNull(DeviceCodes.normalise(null));
        assertNull(DeviceCodes.normalise(""));
        assertNull(DeviceCodes.normalise("BCDF-GHJ"));
        assertNull(DeviceCodes.normalise("BCDF-GHJKL"));
        assertNull(DeviceCodes.normalise("ABCD-EFGH"), "vowels are not in the alphabet");
        assertNull(DeviceCodes.normalise("BCDF-GHJ1"));
        assertNull(DeviceCodes.normalise("BCDF_GHJK"));
        // letters that upper-case into the alphabet outside ASCII are not ours: the long s, fullwidth letters
        assertNull(DeviceCodes.normalise("\u017fCDF-GHJK"));
        assertNull(DeviceCodes.normalise("\uff22CDF-GHJK"));
    }

    @Test
    void deviceCodesAre256RandomBitsStoredAsAKeyedHash(@TempDir Path dir) throws Exception {
        String a = codes.newDeviceCode();
        String b = codes.newDeviceCode();
        assertEquals(43, a.length());
        assertNotEquals(a, b);
        assertTrue(DeviceCodes.plausible(a));
        assertEquals(32, codes.hash(a).length);
        assertFalse(java.util.Arrays.equals(codes.hash(a), codes.hash(b)));
        byte[] other = new byte[64];
        new SecureRandom().nextBytes(other);
        Path otherFile = Files.write(dir.resolve("other.key"), other);
        DeviceCodes otherKey = new DeviceCodes(new SecureRandom(), secret(otherFile));
        assertFalse(java.util.Arrays.equals(codes.hash(a), otherKey.hash(a)), "the hash is keyed");
        assertFalse(DeviceCodes.plausible("x".repeat(129)));
        assertFalse(DeviceCodes.plausible("with space"));
        assertFalse(DeviceCodes.plausible(""));
    }
}
