package io.cinema.auth.token;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.signup;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * The service after a rotation to a PS256 key, with three earlier keys still listed: a PS256 one without a prefix, an
 * ES256 one and an RS256 one with theirs. Tokens that earlier runs signed with each of them reach the account; the
 * JWKS and the discovery document publish every key with its own algorithm.
 */
@QuarkusTest
@TestProfile(KeyRotationResourceTest.Ps256AfterThreeEarlierKeys.class)
class KeyRotationResourceTest {

    static final String KEYS = "src/test/resources/keys/";

    public static class Ps256AfterThreeEarlierKeys implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.jwt.algorithm", "PS256",
                    "auth.jwt.signing-key-location", KEYS + "ps256-signing-key.pem",
                    "auth.jwt.verification-keys-location", KEYS + "ps256-old-public-key.pem,"
                            + "ES256:" + KEYS + "es256-old-public-key.pem,"
                            + "RS256:" + KEYS + "old-public-key.pem");
        }
    }

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwksUrl;

    /** The token code of an earlier run that signed with {@code privateKeyFile} and {@code alg}. */
    static AccessTokens earlierRun(String alg, String privateKeyFile) {
        Map<String, String> config = Map.of("auth.issuer", Tokens.ISSUER, "auth.jwt.algorithm", alg,
                "auth.jwt.signing-key-location", privateKeyFile);
        return TokenSetup.accessTokens(config, TokenSetup.signingKeys(config), Clock.systemUTC());
    }

    /** A token of the user's live session as the earlier run would have issued it. */
    static String earlierToken(TestUser u, String alg, String privateKeyFile) {
        UUID sid = UUID.fromString((String) Tokens.unverifiedClaims(u.accessToken()).getClaimValue("sid"));
        return earlierRun(alg, privateKeyFile).issue(UUID.fromString(u.id()), u.username(), sid, List.of("user"));
    }

    static Map<String, Object> header(String jwt) throws Exception {
        return JsonUtil.parseJson(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    static String kidOfPrivateKey(String file) throws Exception {
        return SigningKeys.thumbprint(PemKeys.publicOf(PemKeys.parsePrivateKey(Files.readString(Path.of(file)))));
    }

    @ParameterizedTest(name = "{0} key {1}")
    @CsvSource({"PS256, ps256-old-signing-key.pem", "ES256, es256-old-signing-key.pem", "RS256, old-signing-key.pem"})
    void aTokenAnEarlierRunSignedIsAcceptedByTheAccountAndThePermissionCheck(String alg, String file) throws Exception {
        TestUser u = signup();
        String old = earlierToken(u, alg, KEYS + file);
        assertEquals(alg, header(old).get("alg"));
        assertEquals(kidOfPrivateKey(KEYS + file), header(old).get("kid"));
        bearer(old).get("/api/v1/account").then().statusCode(200).body("username", equalTo(u.username()));
        bearer(old).queryParam("role", "user").get("/api/v1/authz/check").then().statusCode(200)
                .body("allowed", equalTo(true));
    }

    @Test
    void newTokensArePs256UnderTheNewKeysKidWhichTheJwksListsFirst() throws Exception {
        TestUser u = signup();
        Map<String, Object> h = header(u.accessToken());
        assertEquals("PS256", h.get("alg"));
        assertEquals(kidOfPrivateKey(KEYS + "ps256-signing-key.pem"), h.get("kid"));
        assertEquals(h.get("kid"), Tokens.publishedKid());
    }

    @Test
    void theJwksPublishesEveryKeyWithItsAlgAndTheDiscoveryDocumentEveryAlgorithm() throws Exception {
        List<Map<String, Object>> keys = given().get("/.well-known/jwks.json").then().statusCode(200).extract()
                .path("keys");
        Map<Object, Object> algByKid = keys.stream().collect(Collectors.toMap(k -> k.get("kid"), k -> k.get("alg")));
        assertEquals(Map.of(kidOfPrivateKey(KEYS + "ps256-signing-key.pem"), "PS256",
                kidOfPrivateKey(KEYS + "ps256-old-signing-key.pem"), "PS256",
                kidOfPrivateKey(KEYS + "es256-old-signing-key.pem"), "ES256",
                kidOfPrivateKey(KEYS + "old-signing-key.pem"), "RS256"), algByKid);
        for (Map<String, Object> k : keys) {
            boolean ec = "ES256".equals(k.get("alg"));
            assertEquals(ec ? "EC" : "RSA", k.get("kty"), k.toString());
            assertEquals(ec ? "P-256" : null, k.get("crv"), k.toString());
        }
        List<String> algs = given().get("/.well-known/openid-configuration").then().statusCode(200).extract()
                .path("id_token_signing_alg_values_supported");
        assertEquals(List.of("PS256", "ES256", "RS256"), algs);
    }

    @Test
    void anEarlierKeysSignatureUnderAnotherAlgorithmThanItsOwnIsInvalid() {
        TestUser u = signup();
        UUID sid = UUID.fromString((String) Tokens.unverifiedClaims(u.accessToken()).getClaimValue("sid"));
        var claims = Tokens.claims(UUID.fromString(u.id()), sid, u.username(), List.of("user"));
        for (String[] keyAlgs : List.of(new String[] {"old-signing-key.pem", "RS256", "PS256"},
                new String[] {"ps256-old-signing-key.pem", "PS256", "RS256"})) {
            PrivateKey key = Tokens.privateKey(Path.of(KEYS + keyAlgs[0]));
            String kid = SigningKeys.thumbprint(PemKeys.publicOf(key));
            String own = Tokens.sign(claims, key, keyAlgs[1], kid, h -> {
            });
            bearer(own).get("/api/v1/account").then().statusCode(200);
            String other = Tokens.sign(claims, key, keyAlgs[2], kid, h -> {
            });
            bearer(other).get("/api/v1/account").then().statusCode(401).body("code", equalTo("TOKEN_INVALID"));
        }
    }

    @Test
    void aMicroProfileJwtSiblingAcceptsTheEarlierKeysTokensOnlyWhenItAcceptsTheirAlgorithm() throws Exception {
        TestUser u = signup();
        String es256 = earlierToken(u, "ES256", KEYS + "es256-old-signing-key.pem");

        JWTAuthContextInfo rotating = new JWTAuthContextInfo(jwksUrl.toString(), Tokens.ISSUER);
        rotating.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        rotating.setSignatureAlgorithm(Set.of(SignatureAlgorithm.PS256, SignatureAlgorithm.ES256, SignatureAlgorithm.RS256));
        assertEquals(u.id(), new DefaultJWTParser(rotating).parse(u.accessToken()).getSubject());
        assertEquals(u.id(), new DefaultJWTParser(rotating).parse(es256).getSubject());

        // mp.jwt.verify.publickey.algorithm=PS256 alone: the new tokens pass, the ES256 ones do not
        JWTAuthContextInfo ps256Only = new JWTAuthContextInfo(jwksUrl.toString(), Tokens.ISSUER);
        ps256Only.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        ps256Only.setSignatureAlgorithm(Set.of(SignatureAlgorithm.PS256));
        assertEquals(u.id(), new DefaultJWTParser(ps256Only).parse(u.accessToken()).getSubject());
        assertThrows(ParseException.class, () -> new DefaultJWTParser(ps256Only).parse(es256));
    }
}
