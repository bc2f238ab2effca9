package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The service refuses to start on a secret anyone could guess, and starts on every real one. */
class ServiceSecretTest {

    static final String PLACEHOLDER = "PLACEHOLDER-replace-with-64-random-bytes-from-openssl-rand";
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private ServiceSecret start(byte[] secret) throws IOException {
        Path file = dir.resolve("service-secret.key");
        Files.write(file, secret);
        return new ServiceSecret(TestConfigs.mapping(ServiceConfig.class,
                Map.of("auth.secret-key-location", file.toString())), RANDOM);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void theStartIsRefusedWithTheExamplesPlaceholderNamingTheKeyNotTheSecret() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> start(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(e.getMessage().contains("auth.secret-key-location"), e.getMessage());
        assertTrue(e.getMessage().contains("PLACEHOLDER value"), e.getMessage());
        assertFalse(e.getMessage().contains(PLACEHOLDER), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PLACEHOLDER", "my-placeholder-with-enough-letters-and-digits-0123456789xyz",
            "kubectl applied: PLACEHOLDER\n"})
    void anyContentWithPlaceholderIsRefused(String text) {
        byte[] secret = (text + "|" + HexFormat.of().formatHex(random(32))).getBytes(StandardCharsets.US_ASCII);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ServiceSecret.requireStrong(secret, "f"));
        assertTrue(e.getMessage().startsWith("auth.secret-key-location: "), e.getMessage());
    }

    @Test
    void fewerThan32BytesAreRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> start(random(31)));
        assertTrue(e.getMessage().contains("auth.secret-key-location"), e.getMessage());
        assertTrue(e.getMessage().contains("31 bytes"), e.getMessage());
    }

    @Test
    void oneRepeatedPatternIsRefused() {
        byte[] pattern = random(16);
        byte[] twice = new byte[64];
        for (int i = 0; i < twice.length; i++) {
            twice[i] = pattern[i % pattern.length];
        }
        assertTrue(ServiceSecret.weakness(twice).contains("repeated"), ServiceSecret.weakness(twice));
        byte[] text = "correct-horse-battery-staple-42!".repeat(4).getBytes(StandardCharsets.US_ASCII);
        assertTrue(ServiceSecret.weakness(text).contains("repeated"), ServiceSecret.weakness(text));
    }

    @Test
    void fewDistinctByteValuesOrLittleEntropyAreRefused() {
        assertTrue(ServiceSecret.weakness(new byte[64]).contains("distinct byte values"));
        byte[] sevenValues = new byte[200];
        for (int i = 0; i < sevenValues.length; i++) {
            sevenValues[i] = (byte) ('a' + RANDOM.nextInt(7));
        }
        assertTrue(ServiceSecret.weakness(sevenValues).contains("distinct byte values"), ServiceSecret.weakness(sevenValues));
        // 40 bytes that are almost all one value: 16 distinct, but far under 128 bits
        byte[] skewed = new byte[40];
        for (int i = 0; i < 15; i++) {
            skewed[i] = (byte) (i + 1);
        }
        assertTrue(ServiceSecret.weakness(skewed).contains("estimated entropy"), ServiceSecret.weakness(skewed));
    }

    @Test
    void countingSequencesAreRefused() {
        byte[] counting = new byte[64];
        for (int i = 0; i < counting.length; i++) {
            counting[i] = (byte) i;
        }
        assertTrue(ServiceSecret.weakness(counting).contains("counting"), ServiceSecret.weakness(counting));
        byte[] alphabet = "abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.US_ASCII);
        assertTrue(ServiceSecret.weakness(alphabet).contains("counting"), ServiceSecret.weakness(alphabet));
    }

    @Test
    void theTestProfilesSecretStillStarts() throws IOException {
        byte[] secret = Files.readAllBytes(Path.of("src/test/resources/keys/service-secret.key"));
        assertNull(ServiceSecret.weakness(secret));
        assertDoesNotThrow(() -> start(secret));
    }

    @Test
    void aGeneratedSecretStartsAndIsReusedFromItsFile() throws IOException {
        ServiceConfig config = TestConfigs.mapping(ServiceConfig.class,
                Map.of("auth.jwt.generated-key-dir", dir.toString()));
        ServiceSecret first = new ServiceSecret(config, RANDOM);
        byte[] written = Files.readAllBytes(dir.resolve("service-secret.key"));
        assertNull(ServiceSecret.weakness(written));
        ServiceSecret again = new ServiceSecret(config, RANDOM);
        assertTrue(java.util.Arrays.equals(first.derive("x"), again.derive("x")));
    }

    /** Real secrets in the forms the deployment notes produce: raw bytes, hex and base64 text. */
    @Test
    void randomSecretsInEveryUsualFormAlwaysPass() {
        for (int i = 0; i < 20_000; i++) {
            byte[] raw32 = random(32);
            assertNull(ServiceSecret.weakness(raw32), () -> HexFormat.of().formatHex(raw32).length() + " random bytes refused");
            assertNull(ServiceSecret.weakness(random(64)));
            byte[] hex = (HexFormat.of().formatHex(random(32)) + "\n").getBytes(StandardCharsets.US_ASCII);
            assertNull(ServiceSecret.weakness(hex), () -> "openssl rand -hex 32 refused: " + ServiceSecret.weakness(hex));
            byte[] b64 = (Base64.getEncoder().encodeToString(random(48)) + "\n").getBytes(StandardCharsets.US_ASCII);
            assertNull(ServiceSecret.weakness(b64), () -> "openssl rand -base64 48 refused: " + ServiceSecret.weakness(b64));
        }
    }

    @Test
    void aSigningKeyFileWithThePlaceholderIsRefusedByName() {
        byte[] pem = ("-----BEGIN PRIVATE KEY-----\nPLACEHOLDER-replace-with-the-output-of-openssl-genpkey\n"
                + "-----END PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ServiceSecret.refusePlaceholder("auth.jwt.signing-key-location", "/keys/signing-key.pem", pem));
        assertTrue(e.getMessage().startsWith("auth.jwt.signing-key-location: /keys/signing-key.pem holds a PLACEHOLDER"),
                e.getMessage());
    }
}
