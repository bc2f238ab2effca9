package io.cinema.auth.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

/**
 * Mints JWTs for tests with jose4j: with the test profile's signing key (src/test/resources/keys/signing-key.pem) and
 * the kid the service publishes, or with any other key, algorithm and header an attacker might choose.
 */
public final class Tokens {

    public static final String ISSUER = "https://auth.test.cinema";
    public static final String AUDIENCE = "cinema";
    public static final Path SIGNING_KEY = Path.of("src/test/resources/keys/signing-key.pem");
    public static final Path OLD_SIGNING_KEY = Path.of("src/test/resources/keys/old-signing-key.pem");

    private Tokens() {
    }

    /** The test profile's signing key. */
    public static PrivateKey signingKey() {
        return privateKey(SIGNING_KEY);
    }

    /** The earlier signing key, which the test profile does not configure as a verification key. */
    public static PrivateKey oldSigningKey() {
        return privateKey(OLD_SIGNING_KEY);
    }

    /** The public half of an RSA private key (from its CRT parameters). */
    public static PublicKey publicOf(PrivateKey key) {
        try {
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) key;
            return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                    crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PrivateKey privateKey(Path pemFile) {
        try {
            String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
            String body = pem.replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "");
            byte[] der = Base64.getMimeDecoder().decode(body);
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a PEM text, exactly as a verifier would download or store it. */
    public static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    /** A fresh RSA key pair that the service has never seen. */
    public static KeyPair attackerKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The kid of the first key the service publishes in its JWKS (the current signing key). */
    public static String publishedKid() {
        List<Map<String, Object>> keys = given().get("/.well-known/jwks.json").then().statusCode(200).extract()
                .path("keys");
        return (String) keys.get(0).get("kid");
    }

    /** Claims as the service issues them, valid for five minutes. */
    public static JwtClaims claims(UUID userId, UUID sessionId, String username, List<String> groups) {
        JwtClaims c = new JwtClaims();
        c.setIssuer(ISSUER);
        c.setAudience(AUDIENCE);
        c.setSubject(userId.toString());
        c.setIssuedAtToNow();
        c.setExpirationTimeMinutesInTheFuture(5);
        c.setGeneratedJwtId();
        c.setClaim("sid", sessionId.toString());
        c.setClaim("preferred_username", username);
        c.setClaim("upn", username);
        c.setStringListClaim("groups", groups);
        return c;
    }

    /** The claims of a token the service issued, read without verifying it (to copy its sub and sid). */
    public static JwtClaims unverifiedClaims(String jwt) {
        try {
            String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
            return JwtClaims.parse(payload);
        } catch (Exception e) {
            throw new IllegalStateException("not a JWT: " + e.getMessage(), e);
        }
    }

    /** Expired {@code minutes} ago, issued a quarter of an hour before that. */
    public static void expire(JwtClaims c, int minutes) {
        NumericDate exp = NumericDate.now();
        exp.addSeconds(-60L * minutes);
        NumericDate iat = NumericDate.now();
        iat.addSeconds(-60L * (minutes + 15));
        c.setExpirationTime(exp);
        c.setIssuedAt(iat);
    }

    /** Signs with the test signing key, RS256 and the published kid. */
    public static String sign(JwtClaims claims, String kid) {
        return sign(claims, signingKey(), "RS256", kid, jws -> {
        });
    }

    /** Signs with any key and algorithm; {@code headers} may add or change anything in the JOSE header. */
    public static String sign(JwtClaims claims, Key key, String alg, String kid, Consumer<JsonWebSignature> headers) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setKey(key);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setDoKeyValidation(false);
        headers.accept(jws);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token (alg {@code none} spelt as given, empty signature part) with the given kid. */
    public static String unsigned(JwtClaims claims, String kid, String none) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = "{\"alg\":\"" + none + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toJson().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /**
     * The token with its last signature character changed in a bit that carries data: an RS256 signature is 256 bytes,
     * so the last of its 342 base64url characters holds 2 signature bits and 4 padding bits; flipping the 0x20 bit of
     * that character's value always changes the signature itself.
     */
    public static String flipLastChar(String jwt) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = jwt.charAt(jwt.length() - 1);
        char flipped = alphabet.charAt(alphabet.indexOf(last) ^ 0x20);
        return jwt.substring(0, jwt.length() - 1) + flipped;
    }
}
