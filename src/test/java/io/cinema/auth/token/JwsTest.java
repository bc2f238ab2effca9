package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our compact JWS signer against jose4j, an independent implementation: every algorithm {@link SigningKeys}
 * allows must give a token jose4j verifies with that algorithm and the public key, whose header and payload are the
 * JSON we meant, and which fails to verify with another key or once a byte of it changed. RS* signatures through
 * OpenSSL ({@link NativeRsa}) must be the JDK's byte for byte (PKCS#1 v1.5 is deterministic), from any thread.
 */
class JwsTest {

    private static Map<String, Object> claims() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://auth.test.cinema");
        claims.put("sub", "5c3e1a52-9f0e-4d7e-9d7c-3b1f2a6e0c11");
        claims.put("iat", 1_796_289_321L);
        claims.put("name", "Zoë \"quoted\" </script>");
        claims.put("groups", List.of("user", "admin"));
        return claims;
    }

    private static String json(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static boolean verifies(String token, String alg, KeyPair pair) throws Exception {
        JsonWebSignature jws = (JsonWebSignature) JsonWebStructure.fromCompactSerialization(token);
        jws.setAlgorithmConstraints(new AlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, alg));
        jws.setKey(pair.getPublic());
        return jws.verifySignature();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
    void everyAllowedAlgorithmSignsATokenJose4jVerifies(String alg) throws Exception {
        KeyPair pair = PemKeys.generate(alg);
        Jws jws = new Jws(alg, true);
        String token = jws.sign("kid-1", claims(), pair.getPrivate());

        String[] parts = token.split("\\.");
        assertEquals(3, parts.length);
        assertFalse(token.contains("=") || token.contains("+") || token.contains("/"), "base64url without padding");
        assertEquals("{\"kid\":\"kid-1\",\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}", json(parts[0]));
        assertEquals("{\"iss\":\"https://auth.test.cinema\",\"sub\":\"5c3e1a52-9f0e-4d7e-9d7c-3b1f2a6e0c11\","
                + "\"iat\":1796289321,\"name\":\"Zoë \\\"quoted\\\" </script>\",\"groups\":[\"user\",\"admin\"]}",
                json(parts[1]));
        assertTrue(verifies(token, alg, pair), alg + " verifies");

        assertFalse(verifies(token, alg, PemKeys.generate(alg)), "another key does not verify it");
        char[] payload = parts[1].toCharArray();
        payload[10] = payload[10] == 'A' ? 'B' : 'A';
        String tampered = parts[0] + "." + new String(payload) + "." + parts[2];
        assertFalse(verifies(tampered, alg, pair), "a changed payload does not verify");
    }

    @Test
    void ecSignaturesAreInTheJoseFormOfTwiceTheCurveSize() throws Exception {
        for (Map.Entry<String, Integer> e : Map.of("ES256", 64, "ES384", 96, "ES512", 132).entrySet()) {
            String token = new Jws(e.getKey(), true).sign("k", claims(), PemKeys.generate(e.getKey()).getPrivate());
            assertEquals(e.getValue(), Base64.getUrlDecoder().decode(token.split("\\.")[2]).length, e.getKey());
        }
    }

    @Test
    void oneSignerServesManyThreadsAtOnce() throws Exception {
        KeyPair pair = PemKeys.generate("PS256");
        Jws jws = new Jws("PS256", true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> tokens = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                tokens.add(pool.submit(() -> jws.sign("k", claims(), pair.getPrivate())));
            }
            String first = tokens.get(0).get();
            for (Future<String> t : tokens) {
                assertTrue(verifies(t.get(), "PS256", pair));
            }
            assertNotEquals(first, tokens.get(1).get(), "PSS signatures are salted");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void algorithmsWeDoNotSignWithAreRefused() {
        for (String alg : List.of("HS256", "none", "EdDSA", "RS1", "RS2048", "XS256")) {
            assertThrows(RuntimeException.class, () -> new Jws(alg, true), alg);
        }
    }

    private static KeyPair rsa(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    @Test
    void theBuildMadeOpenSslsSignerWhereverItsHeadersAreAndItLoads() {
        // src/main/c/build.sh compiles rsa_sign.c wherever OpenSSL 3's headers are (CI's machine too)
        if (Files.exists(Path.of("/usr/include/openssl/evp.h"))
                && System.getProperty("os.arch", "").matches("amd64|x86_64")) {
            assertTrue(NativeRsa.available(), NativeRsa.status());
            assertEquals("loaded", NativeRsa.status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512"})
    void openSslsRsSignaturesAreTheJdksByteForByteAtEveryKeySize(String alg) throws Exception {
        assumeTrue(NativeRsa.available(), NativeRsa.status());
        for (int bits : new int[] {2048, 3072, 4096}) {
            KeyPair pair = rsa(bits);
            Jws viaOpenSsl = new Jws(alg, true);
            Jws viaJdk = new Jws(alg, false);
            assertTrue(viaOpenSsl.signsNatively(pair.getPrivate()), alg + " " + bits);
            assertFalse(viaJdk.signsNatively(pair.getPrivate()), "auth.jwt.native-rsa=false: the JDK signs");
            for (int i = 0; i < 8; i++) {
                Map<String, Object> claims = claims();
                claims.put("jti", "token-" + i + "-" + "x".repeat(i * 37));
                String token = viaOpenSsl.sign("kid-" + bits, claims, pair.getPrivate());
                assertEquals(viaJdk.sign("kid-" + bits, claims, pair.getPrivate()), token, alg + " " + bits);
                assertEquals(bits / 8, Base64.getUrlDecoder().decode(token.split("\\.")[2]).length);
                assertTrue(verifies(token, alg, pair));
            }
        }
    }

    @Test
    void openSslSignsForManyThreadsAtOnceWithTheJdksBytes() throws Exception {
        assumeTrue(NativeRsa.available(), NativeRsa.status());
        KeyPair pair = rsa(2048);
        Jws viaOpenSsl = new Jws("RS256", true);
        Jws viaJdk = new Jws("RS256", false);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String[]>> pairs = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Map<String, Object> claims = claims();
                claims.put("jti", "parallel-" + i);
                pairs.add(pool.submit(() -> new String[] {viaOpenSsl.sign("k", claims, pair.getPrivate()),
                    viaJdk.sign("k", claims, pair.getPrivate())}));
            }
            for (Future<String[]> p : pairs) {
                String[] tokens = p.get();
                assertEquals(tokens[1], tokens[0]);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whatOpenSslMustNotSignTheJdkSigns() throws Exception {
        KeyPair small = rsa(1024); // below the 2048 bits rsa_sign.c takes
        assertNull(NativeRsa.of("RS256", small.getPrivate()));
        Jws jws = new Jws("RS256", true);
        assertFalse(jws.signsNatively(small.getPrivate()));
        String[] parts = jws.sign("k", claims(), small.getPrivate()).split("\\.");
        java.security.Signature jdk = java.security.Signature.getInstance("SHA256withRSA");
        jdk.initVerify(small.getPublic()); // jose4j refuses keys under 2048 bits outright
        jdk.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(jdk.verify(Base64.getUrlDecoder().decode(parts[2])));

        KeyPair big = rsa(2048);
        assertNull(NativeRsa.of("PS256", big.getPrivate()), "PSS is the JDK's");
        assertFalse(new Jws("PS256", true).signsNatively(big.getPrivate()));
        KeyPair ec = PemKeys.generate("ES256");
        assertNull(NativeRsa.of("RS256", ec.getPrivate()), "not an RSA key");
    }

    @Test
    void openSslRefusesALengthBeyondItsInput() throws Exception {
        assumeTrue(NativeRsa.available(), NativeRsa.status());
        NativeRsa signer = NativeRsa.of("RS256", rsa(2048).getPrivate());
        assertThrows(IllegalStateException.class, () -> signer.sign(new byte[10], 11));
        assertThrows(IllegalStateException.class, () -> signer.sign(new byte[10], -1));
        assertEquals(256, signer.sign(new byte[10], 10).length);
    }
}
