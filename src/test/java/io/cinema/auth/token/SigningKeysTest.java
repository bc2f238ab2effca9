package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.cinema.auth.support.AuthConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

class SigningKeysTest {

    static AuthConfig config(Map<String, String> values) {
        SmallRyeConfig c = new SmallRyeConfigBuilder().withMapping(AuthConfig.class)
                .withSources(new io.smallrye.config.PropertiesConfigSource(values, "test", 500)).build();
        return c.getConfigMapping(AuthConfig.class);
    }

    @Test
    void withoutAConfiguredKeyAKeyIsGeneratedOnceAndReused(@TempDir Path dir) throws Exception {
        AuthConfig cfg = config(Map.of("auth.jwt.generated-key-dir", dir.toString()));
        SigningKeys first = new SigningKeys(cfg);
        SigningKeys second = new SigningKeys(cfg);
        assertEquals(first.signingKid(), second.signingKid(), "the same key after a restart");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        assertEquals("RS256", first.algorithm());
    }

    @Test
    void theKidIsTheRfc7638ThumbprintAndTheJwksHasNoPrivateParts(@TempDir Path dir) throws Exception {
        SigningKeys keys = new SigningKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString())));
        JsonWebKeySet set = new JsonWebKeySet(keys.jwksJson());
        assertEquals(1, set.getJsonWebKeys().size());
        PublicJsonWebKey jwk = (PublicJsonWebKey) set.getJsonWebKeys().get(0);
        assertEquals(jwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256), keys.signingKid());
        assertEquals(keys.signingKid(), jwk.getKeyId());
        assertTrue(!keys.jwksJson().contains("\"d\""), "no private exponent");
    }

    @Test
    void earlierKeysArePublishedForVerification(@TempDir Path dir) throws Exception {
        Path old = Path.of("src/test/resources/keys/old-public-key.pem");
        SigningKeys keys = new SigningKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", old.toString())));
        assertEquals(2, new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys().size());
        assertEquals(2, keys.all().size());
        assertNotEquals(keys.all().get(0).kid(), keys.all().get(1).kid());
    }

    @Test
    void anEcAlgorithmGetsAnEcKeyWhoseCurveMatches(@TempDir Path dir) {
        SigningKeys keys = new SigningKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.algorithm", "ES256")));
        assertEquals("ES256", keys.algorithm());
        assertEquals("EC", keys.byKid(keys.signingKid()).key().getAlgorithm());
    }

    @Test
    void aConfiguredPkcs8KeySignsAndAMismatchedAlgorithmIsRefused() {
        SigningKeys keys = new SigningKeys(config(Map.of("auth.jwt.signing-key-location",
                "src/test/resources/keys/signing-key.pem")));
        assertEquals("RSA", keys.byKid(keys.signingKid()).key().getAlgorithm());
        assertThrows(IllegalStateException.class, () -> new SigningKeys(config(Map.of("auth.jwt.signing-key-location",
                "src/test/resources/keys/signing-key.pem", "auth.jwt.algorithm", "ES256"))));
        assertThrows(IllegalStateException.class, () -> new SigningKeys(config(Map.of("auth.jwt.algorithm", "HS256"))));
    }
}
