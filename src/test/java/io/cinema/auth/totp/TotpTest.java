package io.cinema.auth.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cinema.auth.totp.Totp.Algorithm;

class TotpTest {

    private static final byte[] SEED20 = ascii("12345678901234567890");
    private static final byte[] SEED32 = ascii("12345678901234567890123456789012");
    private static final byte[] SEED64 = ascii("1234567890123456789012345678901234567890123456789012345678901234");

    /** RFC 6238 Appendix B: time, expected 8-digit codes for SHA-1, SHA-256, SHA-512. */
    static Stream<Arguments> rfc6238() {
        return Stream.of(
                Arguments.of(59L, "94287082", "46119246", "90693936"),
                Arguments.of(1111111109L, "07081804", "68084774", "25091201"),
                Arguments.of(1111111111L, "14050471", "67062674", "99943326"),
                Arguments.of(1234567890L, "89005924", "91819424", "93441116"),
                Arguments.of(2000000000L, "69279037", "90698825", "38618901"),
                Arguments.of(20000000000L, "65353130", "77737706", "47863826"));
    }

    @ParameterizedTest(name = "T = {0}")
    @MethodSource("rfc6238")
    void matchesTheRfc6238TestVectors(long unixTime, String sha1, String sha256, String sha512) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(unixTime), ZoneOffset.UTC);
        assertCode(new Totp(Algorithm.SHA1, 8, 30), SEED20, clock, sha1);
        assertCode(new Totp(Algorithm.SHA256, 8, 30), SEED32, clock, sha256);
        assertCode(new Totp(Algorithm.SHA512, 8, 30), SEED64, clock, sha512);
    }

    private static void assertCode(Totp totp, byte[] seed, Clock clock, String expected) {
        long step = totp.currentStep(clock);
        assertEquals(expected, totp.code(seed, step));
        assertEquals(OptionalLong.of(step), totp.match(seed, expected, step, 0, null));
    }

    @Test
    void matchesTheRfc4226HotpTestVectors() {
        String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
            "520489"};
        for (int counter = 0; counter < expected.length; counter++) {
            assertEquals(expected[counter], Totp.hotp(Algorithm.SHA1, SEED20, counter, 6), "counter " + counter);
        }
    }

    @Test
    void theStandardTotpUsesSixDigitsAndThirtySecondStepsWithSha1() {
        Totp t = Totp.STANDARD;
        assertEquals(Algorithm.SHA1, t.algorithm());
        assertEquals(6, t.digits());
        assertEquals(30, t.periodSeconds());
        assertEquals(0, t.step(Instant.ofEpochSecond(29)));
        assertEquals(1, t.step(Instant.ofEpochSecond(30)));
        // the last 6 digits of the RFC's 8-digit SHA-1 code at T = 59
        assertEquals("287082", t.code(SEED20, t.step(Instant.ofEpochSecond(59))));
    }

    @Test
    void aCodeIsAcceptedOnlyWithinTheWindow() {
        Totp t = Totp.STANDARD;
        long now = 1_000_000;
        for (long s = now - 1; s <= now + 1; s++) {
            assertEquals(OptionalLong.of(s), t.match(SEED20, t.code(SEED20, s), now, 1, null), "step " + s);
        }
        assertTrue(t.match(SEED20, t.code(SEED20, now - 2), now, 1, null).isEmpty());
        assertTrue(t.match(SEED20, t.code(SEED20, now + 2), now, 1, null).isEmpty());
    }

    @Test
    void aCodeWhoseStepIsNotNewerThanTheLastAcceptedOneIsRefused() {
        Totp t = Totp.STANDARD;
        long now = 1_000_000;
        String current = t.code(SEED20, now);
        assertTrue(t.match(SEED20, current, now, 1, now).isEmpty(), "the same step again");
        assertTrue(t.match(SEED20, t.code(SEED20, now - 1), now, 1, now - 1).isEmpty(), "previous step again");
        assertEquals(OptionalLong.of(now), t.match(SEED20, current, now, 1, now - 1));
        assertTrue(t.match(SEED20, current, now, 1, now + 1).isEmpty(), "a later step was already used");
    }

    @Test
    void malformedCodesNeverMatch() {
        Totp t = Totp.STANDARD;
        long now = 1_000_000;
        String good = t.code(SEED20, now);
        for (String bad : new String[] {null, "", "12345", "1234567", "12a456", " " + good.substring(1), "١٢٣٤٥٦",
            good + " "}) {
            assertTrue(t.match(SEED20, bad, now, 1, null).isEmpty(), "code '" + bad + "'");
        }
        assertFalse(t.match(ascii("another secret 12345"), good, now, 0, null).isPresent());
    }

    @Test
    void stepsBeforeTheEpochAreFloored() {
        assertEquals(-1, Totp.STANDARD.step(Instant.ofEpochSecond(-1)));
    }

    @Test
    void refusesUnsupportedShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Totp(Algorithm.SHA1, 5, 30));
        assertThrows(IllegalArgumentException.class, () -> new Totp(Algorithm.SHA1, 9, 30));
        assertThrows(IllegalArgumentException.class, () -> new Totp(Algorithm.SHA1, 6, 0));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theOtpauthUriNamesIssuerAndAccountUrlEncoded() {
        assertEquals("otpauth://totp/My%20Cin%C3%A9ma%20%26%20Co:alice.b?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
                + "&issuer=My%20Cin%C3%A9ma%20%26%20Co&algorithm=SHA1&digits=6&period=30",
                TotpService.otpauthUri("My Cinéma & Co", "alice.b", SEED20));
    }
}
