package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * A verification key that does not fit its algorithm stops the start, before any command or request runs (the keys
 * are built at start-up, not at the first request). The message that names the key is asserted in
 * {@link SigningKeysTest}: Quarkus logs a failed start after its log handlers are gone, out of a test's reach.
 */
@QuarkusMainTest
@TestProfile(SigningKeysStartupTest.RsaKeyListedAsEs256.class)
class SigningKeysStartupTest {

    public static class RsaKeyListedAsEs256 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.jwt.verification-keys-location", "ES256:src/test/resources/keys/old-public-key.pem");
        }
    }

    @Test
    // a sub-command that prints its usage and returns 0 at once when the start succeeds, so this cannot hang
    @Launch(value = {"create-role", "--help"}, exitCode = 1)
    void anRsaKeyListedAsEs256FailsTheStartBeforeTheCommandRuns(LaunchResult result) {
        assertFalse(result.getOutput().contains("Usage"), result.getOutput());
    }
}
