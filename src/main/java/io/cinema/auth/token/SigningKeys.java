package io.cinema.auth.token;

import java.io.IOException;
import java.math.BigInteger;
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
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.math.ec.ECPoint;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import io.cinema.auth.support.AuthConfig;
import io.cinema.auth.support.KeyFiles;
import io.quarkus.logging.Log;

/**
 * The key that signs access tokens and every key a verifier may meet (the current one and configured earlier ones),
 * each named by its RFC 7638 thumbprint so that replicas and rotations agree on {@code kid}.
 */
@Singleton
public class SigningKeys {

    /** A public key we accept, with its thumbprint and the algorithm published for it. */
    public record VerificationKey(String kid, PublicKey key, String algorithm) {
    }

    private final String algorithm;
    private final PrivateKey signingKey;
    private final String signingKid;
    private final Map<String, VerificationKey> byKid = new LinkedHashMap<>();
    private final String jwksJson;

    @Inject
    public SigningKeys(AuthConfig config) {
        this.algorithm = config.jwt().algorithm().trim().toUpperCase(java.util.Locale.ROOT);
        checkAlgorithm(algorithm);
        PrivateKey priv;
        if (config.jwt().signingKeyLocation().isPresent()) {
            priv = readPrivateKey(Path.of(config.jwt().signingKeyLocation().get()));
        } else {
            Path file = Path.of(config.jwt().generatedKeyDir(), "signing-key-" + algorithm.toLowerCase() + ".pem");
            boolean existed = Files.exists(file);
            byte[] pem = KeyFiles.readOrCreate(file, () -> pem("PRIVATE KEY", generate(algorithm).getPrivate().getEncoded()));
            priv = parsePrivateKey(new String(pem, StandardCharsets.US_ASCII));
            Log.warnf("auth.jwt.signing-key-location is not set: signing with the %s key in %s, which suits one instance only",
                    existed ? "generated" : "newly generated", file.toAbsolutePath());
        }
        this.signingKey = priv;
        PublicKey pub = publicOf(priv);
        checkKeyFitsAlgorithm(pub, algorithm);
        this.signingKid = thumbprint(pub);
        byKid.put(signingKid, new VerificationKey(signingKid, pub, algorithm));
        for (String location : config.jwt().verificationKeysLocation().orElse(List.of())) {
            if (location.isBlank()) {
                continue;
            }
            for (PublicKey old : readPublicKeys(Path.of(location.trim()))) {
                String kid = thumbprint(old);
                byKid.putIfAbsent(kid, new VerificationKey(kid, old, defaultAlgorithm(old)));
            }
        }
        this.jwksJson = buildJwks();
    }

    public String algorithm() {
        return algorithm;
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public String signingKid() {
        return signingKid;
    }

    public VerificationKey byKid(String kid) {
        return kid == null ? null : byKid.get(kid);
    }

    public List<VerificationKey> all() {
        return List.copyOf(byKid.values());
    }

    /** The JWKS document, public parts only. */
    public String jwksJson() {
        return jwksJson;
    }

    private String buildJwks() {
        try {
            List<JsonWebKey> jwks = new ArrayList<>();
            for (VerificationKey vk : byKid.values()) {
                PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(vk.key());
                jwk.setKeyId(vk.kid());
                jwk.setUse("sig");
                jwk.setAlgorithm(vk.algorithm());
                jwks.add(jwk);
            }
            return new JsonWebKeySet(jwks).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot publish the verification keys", e);
        }
    }

    static String thumbprint(PublicKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot compute a key thumbprint", e);
        }
    }

    static void checkAlgorithm(String alg) {
        if (!alg.matches("(RS|PS|ES)(256|384|512)")) {
            throw new IllegalStateException("auth.jwt.algorithm must be one of RS256..512, PS256..512, ES256..512, not " + alg);
        }
    }

    private static void checkKeyFitsAlgorithm(PublicKey key, String alg) {
        boolean rsa = key.getAlgorithm().equals("RSA");
        if (rsa != !alg.startsWith("ES")) {
            throw new IllegalStateException("the signing key is " + key.getAlgorithm() + " but auth.jwt.algorithm is " + alg);
        }
        if (!rsa && !alg.equals(defaultAlgorithm(key))) {
            throw new IllegalStateException("the signing key's curve does not match auth.jwt.algorithm " + alg);
        }
    }

    static String defaultAlgorithm(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? "ES256" : bits <= 384 ? "ES384" : "ES512";
        }
        return "RS256";
    }

    static KeyPair generate(String alg) {
        try {
            if (alg.startsWith("ES")) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                String curve = switch (alg) {
                    case "ES256" -> "secp256r1";
                    case "ES384" -> "secp384r1";
                    default -> "secp521r1";
                };
                g.initialize(new ECGenParameterSpec(curve));
                return g.generateKeyPair();
            }
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(alg.endsWith("256") ? 2048 : 3072);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

    static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static PrivateKey readPrivateKey(Path file) {
        try {
            return parsePrivateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read auth.jwt.signing-key-location " + file, e);
        }
    }

    static PrivateKey parsePrivateKey(String pem) {
        byte[] der = pemBlocks(pem, "PRIVATE KEY").stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("the signing key must be a PEM PKCS#8 'PRIVATE KEY'"));
        for (String type : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalStateException("the signing key is neither an RSA nor an EC PKCS#8 key");
    }

    private static List<PublicKey> readPublicKeys(Path file) {
        try {
            List<PublicKey> keys = new ArrayList<>();
            for (byte[] der : pemBlocks(Files.readString(file, StandardCharsets.US_ASCII), "PUBLIC KEY")) {
                keys.add(parsePublicKey(der));
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("no PEM 'PUBLIC KEY' in " + file);
            }
            return keys;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read verification key " + file, e);
        }
    }

    static PublicKey parsePublicKey(byte[] der) {
        for (String type : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalStateException("a verification key is neither RSA nor EC");
    }

    static List<byte[]> pemBlocks(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = 0;
        while (true) {
            int b = text.indexOf(begin, from);
            if (b < 0) {
                return out;
            }
            int e = text.indexOf(end, b);
            if (e < 0) {
                return out;
            }
            out.add(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e)));
            from = e + end.length();
        }
    }

    /** The public half of a private key (RSA from its CRT parameters, EC by multiplying the generator). */
    static PublicKey publicOf(Key priv) {
        try {
            if (priv instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (priv instanceof ECPrivateKey ec) {
                String curve = curveName(ec);
                ECNamedCurveParameterSpec spec = ECNamedCurveTable.getParameterSpec(curve);
                ECPoint q = spec.getG().multiply(ec.getS()).normalize();
                BigInteger x = q.getAffineXCoord().toBigInteger();
                BigInteger y = q.getAffineYCoord().toBigInteger();
                return KeyFactory.getInstance("EC").generatePublic(
                        new ECPublicKeySpec(new java.security.spec.ECPoint(x, y), ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the public key", e);
        }
        throw new IllegalStateException("unsupported signing key type " + priv.getAlgorithm());
    }

    private static String curveName(ECPrivateKey ec) {
        int bits = ec.getParams().getCurve().getField().getFieldSize();
        return bits == 256 ? "P-256" : bits == 384 ? "P-384" : "P-521";
    }
}
