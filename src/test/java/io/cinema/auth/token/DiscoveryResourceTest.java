package io.cinema.auth.token;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The public discovery documents: the JWKS and the OpenID configuration. */
@QuarkusTest
class DiscoveryResourceTest {

    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    /** RFC 7638 by hand: SHA-256 over the required members in lexicographic order, no whitespace. */
    private static String rfc7638(RSAPublicKey key) throws Exception {
        String json = "{\"e\":\"" + b64(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\"" + b64(key.getModulus())
                + "\"}";
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static String b64(BigInteger unsigned) {
        byte[] bytes = unsigned.toByteArray();
        if (bytes[0] == 0 && bytes.length > 1) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void jwksPublishesTheSigningKeyUnderItsRfc7638Thumbprint() throws Exception {
        RSAPublicKey pub = (RSAPublicKey) Tokens.publicOf(Tokens.signingKey());
        String byHand = rfc7638(pub);
        String byJose4j = PublicJsonWebKey.Factory.newPublicJwk(pub).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        assertEquals(byHand, byJose4j);

        Response r = given().get("/.well-known/jwks.json");
        r.then().statusCode(200).contentType("application/json");
        List<Map<String, Object>> keys = r.path("keys");
        Map<String, Object> ours = keys.stream().filter(k -> byHand.equals(k.get("kid"))).findFirst().orElse(null);
        assertNotNull(ours, "no key with kid " + byHand + " in " + keys);
        assertEquals("RSA", ours.get("kty"));
        assertEquals("sig", ours.get("use"));
        assertEquals("RS256", ours.get("alg"));
        assertEquals(b64(pub.getModulus()), ours.get("n"));
        assertEquals(b64(pub.getPublicExponent()), ours.get("e"));
    }

    @Test
    void jwksHoldsNoPrivateKeyMaterial() {
        String body = given().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        List<Map<String, Object>> keys = given().get("/.well-known/jwks.json").path("keys");
        assertFalse(keys.isEmpty());
        for (Map<String, Object> k : keys) {
            for (String member : PRIVATE_MEMBERS) {
                assertFalse(k.containsKey(member), "JWKS key publishes private member " + member + ": " + body);
            }
            assertNotNull(k.get("kid"));
        }
        assertFalse(body.contains("PRIVATE"));
    }

    @Test
    void jwksHoldsOnlyTheConfiguredKeysNotTheOldUnconfiguredOne() throws Exception {
        String oldKid = PublicJsonWebKey.Factory.newPublicJwk(Tokens.publicOf(Tokens.oldSigningKey()))
                .calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        List<String> kids = given().get("/.well-known/jwks.json").path("keys.kid");
        assertFalse(kids.contains(oldKid), "the old key is not configured in the test profile: " + kids);
    }

    @Test
    void openidConfigurationNamesIssuerJwksAlgorithmTheTokenAndTheDeviceAuthorizationEndpoints() {
        Response r = given().get("/.well-known/openid-configuration");
        r.then().statusCode(200).contentType("application/json");
        Map<String, Object> doc = r.as(Map.class);
        assertEquals(Tokens.ISSUER, doc.get("issuer"));
        assertEquals(Tokens.ISSUER + "/.well-known/jwks.json", doc.get("jwks_uri"));
        assertEquals(List.of("RS256"), doc.get("id_token_signing_alg_values_supported"));
        // the service clients' token endpoint, which quarkus-oidc-client and other OAuth libraries discover here
        assertEquals(Tokens.ISSUER + "/oauth2/token", doc.get("token_endpoint"));
        assertFalse(doc.containsKey("authorization_endpoint"), "no authorization endpoint exists: " + doc);
        // TV sign-in by device code (RFC 8628 §4)
        assertEquals(Tokens.ISSUER + "/oauth2/device_authorization", doc.get("device_authorization_endpoint"));
        assertEquals(List.of("client_credentials", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"),
                doc.get("grant_types_supported"));
        assertFalse(doc.containsKey("userinfo_endpoint"), "no userinfo endpoint exists: " + doc);
        assertTrue(((String) doc.get("jwks_uri")).startsWith("https://"));
    }
}
