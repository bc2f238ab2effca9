package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


class SigningKeysTest {

    static Map<String, String> config(Map<String, String> values) {
        return values;
    }

    @Test
    void withoutAConfiguredKeyAKeyIsGeneratedOnceAndReused(@TempDir Path dir) throws Exception {
        Map<String, String> cfg = config(Map.of("auth.jwt.generated-key-dir", dir.toString()));
        SigningKeys first = TokenSetup.signingKeys(cfg);
        SigningKeys second = TokenSetup.signingKeys(cfg);
        assertEquals(first.signingKid(), second.signingKid(), "the same key after a restart");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
        assertEquals("RS256", first.algorithm());
    }

    @Test
    void theKidIsTheRfc7638ThumbprintAndTheJwksHasNoPrivateParts(@TempDir Path dir) throws Exception {
        SigningKeys keys = TokenSetup.signingKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString())));
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
        SigningKeys keys = TokenSetup.signingKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", old.toString())));
        assertEquals(2, new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys().size());
        assertEquals(2, keys.all().size());
        assertNotEquals(keys.all().get(0).kid(), keys.all().get(1).kid());
    }

    @Test
    void anEcAlgorithmGetsAnEcKeyWhoseCurveMatches(@TempDir Path dir) {
        SigningKeys keys = TokenSetup.signingKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.algorithm", "ES256")));
        assertEquals("ES256", keys.algorithm());
        assertEquals("EC", keys.byKid(keys.signingKid()).key().getAlgorithm());
    }

    @Test
    void aConfiguredPkcs8KeySignsAndAMismatchedAlgorithmIsRefused() {
        SigningKeys keys = TokenSetup.signingKeys(config(Map.of("auth.jwt.signing-key-location",
                "src/test/resources/keys/signing-key.pem")));
        assertEquals("RSA", keys.byKid(keys.signingKid()).key().getAlgorithm());
        assertThrows(IllegalStateException.class, () -> TokenSetup.signingKeys(config(Map.of("auth.jwt.signing-key-location",
                "src/test/resources/keys/signing-key.pem", "auth.jwt.algorithm", "ES256"))));
        assertThrows(IllegalStateException.class, () -> TokenSetup.signingKeys(config(Map.of("auth.jwt.algorithm", "HS256"))));
    }

    // --- auth.jwt.verification-keys-location: path or ALG:path, each key bound to one algorithm that fits it ---

    static final String KEYS = "src/test/resources/keys/";
    static final String RSA_PUBLIC = KEYS + "old-public-key.pem";
    static final String EC_P256_PUBLIC = KEYS + "es256-old-public-key.pem";

    static String refusal(Map<String, String> values) {
        return assertThrows(IllegalStateException.class, () -> TokenSetup.signingKeys(config(values))).getMessage();
    }

    static Path publicPem(Path dir, String name, PublicKey key) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, PemKeys.pem("PUBLIC KEY", key.getEncoded()));
        return file;
    }

    static PublicKey ecKey(String curve) throws Exception {
        // Bouncy Castle knows secp256k1, which the JDK's own provider no longer does
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair().getPublic();
    }

    /** RFC 7638 by hand for an EC key: SHA-256 over {"crv","kty","x","y"}, coordinates as fixed-length octets. */
    static String rfc7638(ECPublicKey key, String crv, int octets) throws Exception {
        String json = "{\"crv\":\"" + crv + "\",\"kty\":\"EC\",\"x\":\"" + b64(key.getW().getAffineX(), octets)
                + "\",\"y\":\"" + b64(key.getW().getAffineY(), octets) + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static String b64(BigInteger coordinate, int octets) {
        byte[] raw = coordinate.toByteArray();
        byte[] fixed = new byte[octets];
        int n = Math.min(raw.length, octets);
        System.arraycopy(raw, raw.length - n, fixed, octets - n, n);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    @Test
    void theJwksPublishesEveryKeyWithItsAlgKtyAndCrvUnderItsRfc7638Thumbprint() throws Exception {
        SigningKeys keys = TokenSetup.signingKeys(config(Map.of("auth.jwt.algorithm", "PS256",
                "auth.jwt.signing-key-location", KEYS + "ps256-signing-key.pem",
                "auth.jwt.verification-keys-location", "ES256:" + EC_P256_PUBLIC + ", RS256:" + RSA_PUBLIC)));
        List<JsonWebKey> jwks = new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys();
        Map<String, String> algByKid = jwks.stream().collect(Collectors.toMap(JsonWebKey::getKeyId, JsonWebKey::getAlgorithm));
        ECPublicKey ec = (ECPublicKey) PemKeys.parsePublicKey(PemKeys.pemBlocks(
                Files.readString(Path.of(EC_P256_PUBLIC)), "PUBLIC KEY").get(0));
        String ecKid = rfc7638(ec, "P-256", 32);
        String rsaKid = SigningKeys.thumbprint(PemKeys.parsePublicKey(PemKeys.pemBlocks(
                Files.readString(Path.of(RSA_PUBLIC)), "PUBLIC KEY").get(0)));
        assertEquals(Map.of(keys.signingKid(), "PS256", ecKid, "ES256", rsaKid, "RS256"), algByKid, keys.jwksJson());
        assertEquals(keys.signingKid(), jwks.get(0).getKeyId(), "the signing key comes first");

        JsonWebKey ecJwk = jwks.stream().filter(k -> ecKid.equals(k.getKeyId())).findFirst().orElseThrow();
        Map<String, Object> params = ecJwk.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        assertEquals("EC", params.get("kty"));
        assertEquals("P-256", params.get("crv"));
        assertEquals("sig", params.get("use"));
        for (JsonWebKey k : jwks) {
            if (!k.getKeyId().equals(ecKid)) {
                assertEquals("RSA", k.getKeyType());
            }
        }
        assertEquals(List.of("PS256", "ES256", "RS256"), keys.algorithms());
        assertTrue(!keys.jwksJson().contains("\"d\""), "no private parts");
    }

    @Test
    void anRsaKeyListedAsEs256StopsTheStartWithAMessageNamingTheKey(@TempDir Path dir) {
        String prefixed = refusal(Map.of("auth.jwt.signing-key-location", KEYS + "signing-key.pem",
                "auth.jwt.verification-keys-location", "ES256:" + RSA_PUBLIC));
        assertTrue(prefixed.contains(RSA_PUBLIC) && prefixed.contains("RSA") && prefixed.contains("ES256"), prefixed);

        // without a prefix the key takes the configured algorithm, and the message says so
        String bare = refusal(Map.of("auth.jwt.algorithm", "ES256", "auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", RSA_PUBLIC));
        assertTrue(bare.contains(RSA_PUBLIC) && bare.contains("ES256") && bare.contains("no ALG: prefix"), bare);
    }

    @Test
    void anEcKeyIsRefusedForAnRsaAlgorithmAndForAnEsAlgorithmOfAnotherCurve(@TempDir Path dir) throws Exception {
        String asPs256 = refusal(Map.of("auth.jwt.algorithm", "PS256",
                "auth.jwt.signing-key-location", KEYS + "ps256-signing-key.pem",
                "auth.jwt.verification-keys-location", EC_P256_PUBLIC));
        assertTrue(asPs256.contains(EC_P256_PUBLIC) && asPs256.contains("P-256") && asPs256.contains("PS256"), asPs256);

        String asEs384 = refusal(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "ES384:" + EC_P256_PUBLIC));
        assertTrue(asEs384.contains(EC_P256_PUBLIC) && asEs384.contains("ES384") && asEs384.contains("takes ES256"),
                asEs384);

        Path p384 = publicPem(dir, "p384.pem", ecKey("secp384r1"));
        String p384AsEs256 = refusal(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "ES256:" + p384));
        assertTrue(p384AsEs256.contains(p384.toString()) && p384AsEs256.contains("P-384"), p384AsEs256);
        SigningKeys fits = TokenSetup.signingKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "ES384:" + p384)));
        assertEquals("ES384", fits.all().get(1).algorithm());

        Path secp256k1 = publicPem(dir, "k1.pem", ecKey("secp256k1"));
        String k1 = refusal(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "ES256:" + secp256k1));
        assertTrue(k1.contains(secp256k1.toString()), k1);
    }

    @Test
    void theExampleSecretsPlaceholderKeyStopsTheStartWithAMessageNamingTheSetting(@TempDir Path dir) throws Exception {
        Path placeholder = dir.resolve("signing-key.pem");
        java.nio.file.Files.writeString(placeholder, "-----BEGIN PRIVATE KEY-----\n"
                + "PLACEHOLDER-replace-with-the-output-of-openssl-genpkey\n-----END PRIVATE KEY-----\n");
        String message = assertThrows(IllegalStateException.class, () -> TokenSetup.signingKeys(config(Map.of(
                "auth.jwt.signing-key-location", placeholder.toString())))).getMessage();
        org.junit.jupiter.api.Assertions.assertTrue(message.contains("auth.jwt.signing-key-location")
                && message.contains("PLACEHOLDER"), message);
    }

    @Test
    void anRsaKeyShorterThan2048BitsIsRefused(@TempDir Path dir) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        Path shortKey = publicPem(dir, "short.pem", g.generateKeyPair().getPublic());
        String message = refusal(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", shortKey.toString()));
        assertTrue(message.contains(shortKey.toString()) && message.contains("1024 bits"), message);
    }

    @Test
    void aPrefixIsReadWithoutRegardToCaseAndAnUnsupportedOneIsRefused(@TempDir Path dir) throws Exception {
        SigningKeys lower = TokenSetup.signingKeys(config(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "ps256:" + RSA_PUBLIC)));
        assertEquals("PS256", lower.all().get(1).algorithm());

        String hs = refusal(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "HS256:" + RSA_PUBLIC));
        assertTrue(hs.contains("HS256:" + RSA_PUBLIC) && hs.contains("not one of"), hs);
        String empty = refusal(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "RS256:"));
        assertTrue(empty.contains("names no file"), empty);
    }

    @Test
    void aColonInsideAPathIsNoPrefix(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old:2026-11.pem");
        Files.copy(Path.of(RSA_PUBLIC), file);
        SigningKeys keys = TokenSetup.signingKeys(config(Map.of("auth.jwt.algorithm", "PS256",
                "auth.jwt.generated-key-dir", dir.toString(), "auth.jwt.verification-keys-location", file.toString())));
        assertEquals("PS256", keys.all().get(1).algorithm());
    }

    @Test
    void oneKeyListedWithTwoAlgorithmsIsRefusedAndListedTwiceWithOneIsPublishedOnce(@TempDir Path dir) throws Exception {
        String twice = refusal(Map.of("auth.jwt.generated-key-dir", dir.toString(),
                "auth.jwt.verification-keys-location", "RS256:" + RSA_PUBLIC + ",PS256:" + RSA_PUBLIC));
        assertTrue(twice.contains("same key") && twice.contains("RS256") && twice.contains("PS256"), twice);

        // an upcoming key that now signs may stay listed; so may a key listed twice the same way
        SigningKeys signing = TokenSetup.signingKeys(config(Map.of("auth.jwt.signing-key-location", KEYS + "signing-key.pem")));
        Path current = publicPem(dir, "current.pem", signing.byKid(signing.signingKid()).key());
        SigningKeys keys = TokenSetup.signingKeys(config(Map.of("auth.jwt.signing-key-location", KEYS + "signing-key.pem",
                "auth.jwt.verification-keys-location", current + "," + RSA_PUBLIC + ",RS256:" + RSA_PUBLIC)));
        assertEquals(2, new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys().size(), keys.jwksJson());

        String signingAsOther = refusal(Map.of("auth.jwt.signing-key-location", KEYS + "signing-key.pem",
                "auth.jwt.verification-keys-location", "PS256:" + current));
        assertTrue(signingAsOther.contains("signing key") && signingAsOther.contains(current.toString()), signingAsOther);
    }

    @Test
    void aPrivateKeyListedForVerificationIsRefusedWithTheWayToItsPublicHalf() {
        String message = refusal(Map.of("auth.jwt.signing-key-location", KEYS + "signing-key.pem",
                "auth.jwt.verification-keys-location", KEYS + "old-signing-key.pem"));
        assertTrue(message.contains("old-signing-key.pem") && message.contains("-pubout"), message);
    }
}
