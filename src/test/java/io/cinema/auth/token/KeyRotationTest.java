package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Tokens;

/**
 * Rotation as an operator does it, one service run after another: a run signs with the old key; the next signs with a
 * new key and lists the old public key in {@code auth.jwt.verification-keys-location}; the old run's tokens must still
 * verify, with their own algorithm and no other, and the JWKS must publish both keys with their {@code alg}.
 */
class KeyRotationTest {

    static final String KEYS = "src/test/resources/keys/";
    static final String NEW_RSA_KEY = KEYS + "signing-key.pem";

    /** An old key pair as files: the private key signed in the earlier run, the public one is listed afterwards. */
    enum OldKey {
        RSA(KEYS + "old-signing-key.pem", KEYS + "old-public-key.pem"),
        PS256_RSA(KEYS + "ps256-old-signing-key.pem", KEYS + "ps256-old-public-key.pem"),
        EC_P256(KEYS + "es256-old-signing-key.pem", KEYS + "es256-old-public-key.pem");

        final String privateFile;
        final String publicFile;

        OldKey(String privateFile, String publicFile) {
            this.privateFile = privateFile;
            this.publicFile = publicFile;
        }
    }

    record Rotation(OldKey key, String oldAlg, String newAlg, boolean prefixed) {
        @Override
        public String toString() {
            return oldAlg + " -> " + newAlg + (prefixed ? ", listed as " + oldAlg + ":path" : ", listed as a bare path");
        }
    }

    static Stream<Rotation> rotations() {
        return Stream.of(
                new Rotation(OldKey.RSA, "RS256", "RS256", false),
                new Rotation(OldKey.RSA, "RS256", "RS256", true),
                new Rotation(OldKey.PS256_RSA, "PS256", "PS256", false),
                new Rotation(OldKey.PS256_RSA, "PS256", "PS256", true),
                new Rotation(OldKey.EC_P256, "ES256", "ES256", false),
                new Rotation(OldKey.EC_P256, "ES256", "ES256", true),
                new Rotation(OldKey.RSA, "RS384", "RS384", false),
                new Rotation(OldKey.RSA, "RS512", "RS512", true),
                // a change of algorithm together with the key: the prefix keeps the old key's algorithm
                new Rotation(OldKey.RSA, "RS256", "PS256", true),
                new Rotation(OldKey.PS256_RSA, "PS256", "RS256", true),
                new Rotation(OldKey.PS256_RSA, "PS256", "ES256", true),
                new Rotation(OldKey.EC_P256, "ES256", "PS256", true));
    }

    static Map<String, String> config(Map<String, String> jwt) {
        Map<String, String> all = new HashMap<>(jwt);
        all.put("auth.issuer", Tokens.ISSUER);
        return all;
    }

    /** One run of the service's token code, built the way CDI builds it. */
    record Run(SigningKeys keys, AccessTokens tokens) {
        static Run of(Map<String, String> config) {
            SigningKeys keys = TokenSetup.signingKeys(config);
            return new Run(keys, TokenSetup.accessTokens(config, keys, Clock.systemUTC()));
        }
    }

    static Map<String, Object> header(String jwt) throws Exception {
        return JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    static JsonWebKey jwk(SigningKeys keys, String kid) throws Exception {
        return new JsonWebKeySet(keys.jwksJson()).getJsonWebKeys().stream().filter(k -> kid.equals(k.getKeyId()))
                .findFirst().orElseThrow(() -> new AssertionError("no key " + kid + " in " + keys.jwksJson()));
    }

    static ErrorCode refusal(AccessTokens tokens, String jwt) {
        return assertThrows(ApiException.class, () -> tokens.verify(jwt)).code();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rotations")
    void aTokenOfTheOldKeyVerifiesAfterTheSwitchAndTheJwksPublishesBothKeysWithTheirAlg(Rotation r, @TempDir Path dir)
            throws Exception {
        Run before = Run.of(config(Map.of("auth.jwt.algorithm", r.oldAlg(),
                "auth.jwt.signing-key-location", r.key().privateFile)));
        UUID user = UUID.randomUUID();
        UUID session = UUID.randomUUID();
        String oldToken = before.tokens().issue(user, "alice", session, List.of("user"));
        String oldKid = (String) header(oldToken).get("kid");
        assertEquals(r.oldAlg(), header(oldToken).get("alg"));

        Map<String, String> next = new HashMap<>();
        next.put("auth.jwt.algorithm", r.newAlg());
        if (r.newAlg().startsWith("ES")) {
            next.put("auth.jwt.generated-key-dir", dir.toString());
        } else {
            next.put("auth.jwt.signing-key-location", NEW_RSA_KEY);
        }
        next.put("auth.jwt.verification-keys-location", (r.prefixed() ? r.oldAlg() + ":" : "") + r.key().publicFile);
        Run after = Run.of(config(next));

        AccessTokens.Claims claims = after.tokens().verify(oldToken);
        assertEquals(user, claims.userId());
        assertEquals(session, claims.sessionId());
        assertEquals("alice", claims.username());

        String newToken = after.tokens().issue(user, "alice", session, List.of("user"));
        assertEquals(r.newAlg(), header(newToken).get("alg"));
        assertEquals(after.keys().signingKid(), header(newToken).get("kid"));
        assertNotEquals(oldKid, after.keys().signingKid(), "the new run signs with the new key");
        assertEquals(user, after.tokens().verify(newToken).userId());

        assertEquals(2, new JsonWebKeySet(after.keys().jwksJson()).getJsonWebKeys().size());
        assertEquals(after.keys().signingKid(), after.keys().all().get(0).kid(), "the signing key comes first");
        JsonWebKey published = jwk(after.keys(), oldKid);
        assertEquals(r.oldAlg(), published.getAlgorithm(), "the old key keeps its own alg: " + after.keys().jwksJson());
        assertEquals(r.key() == OldKey.EC_P256 ? "EC" : "RSA", published.getKeyType());
        if (r.key() == OldKey.EC_P256) {
            assertEquals("P-256", published.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY).get("crv"));
        }
        assertEquals(r.newAlg(), jwk(after.keys(), after.keys().signingKid()).getAlgorithm());
        assertEquals(List.of(r.newAlg(), r.oldAlg()).stream().distinct().toList(), after.keys().algorithms());
    }

    @Test
    void withoutAPrefixAnEarlierKeyTakesTheConfiguredAlgorithmSoItsTokensOfAnotherAlgorithmAreInvalid() throws Exception {
        Run before = Run.of(config(Map.of("auth.jwt.signing-key-location", OldKey.RSA.privateFile)));
        String oldToken = before.tokens().issue(UUID.randomUUID(), "bob", UUID.randomUUID(), List.of());
        assertEquals("RS256", header(oldToken).get("alg"));

        Run after = Run.of(config(Map.of("auth.jwt.algorithm", "PS256", "auth.jwt.signing-key-location", NEW_RSA_KEY,
                "auth.jwt.verification-keys-location", OldKey.RSA.publicFile)));
        assertEquals("PS256", jwk(after.keys(), (String) header(oldToken).get("kid")).getAlgorithm());
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(after.tokens(), oldToken));
    }

    @ParameterizedTest(name = "a key listed as {0} refuses its own signature made with {1}")
    @CsvSource({"PS256, RS256", "RS256, PS256", "RS256, RS512", "PS256, PS384", "RS384, RS256"})
    void aTokenWhoseHeaderAlgIsNotItsKeysAlgIsInvalid(String listedAs, String signedWith) {
        Run run = Run.of(config(Map.of("auth.jwt.signing-key-location", NEW_RSA_KEY,
                "auth.jwt.verification-keys-location", listedAs + ":" + OldKey.RSA.publicFile)));
        PrivateKey oldKey = Tokens.privateKey(Path.of(OldKey.RSA.privateFile));
        String oldKid = SigningKeys.thumbprint(PemKeys.publicOf(oldKey));
        JwtClaims claims = Tokens.claims(UUID.randomUUID(), UUID.randomUUID(), "carol", List.of("user"));

        String genuine = Tokens.sign(claims, oldKey, listedAs, oldKid, h -> {
        });
        assertNotNull(run.tokens().verify(genuine), "the key's own algorithm verifies");
        String otherAlg = Tokens.sign(claims, oldKey, signedWith, oldKid, h -> {
        });
        assertEquals(ErrorCode.TOKEN_INVALID, refusal(run.tokens(), otherAlg));
    }
}
