package io.cinema.auth.token;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.bouncycastle.util.io.pem.PemWriter;
import org.jose4j.keys.EllipticCurves;

import io.cinema.auth.support.ServiceSecret;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Key material in and out of PEM files: Bouncy Castle reads and writes the PEM blocks, the JDK's key factories read
 * PKCS#8 and X.509 keys, smallrye-jwt's {@link KeyUtils} generates them. The rules of which key fits which algorithm
 * stay in {@link SigningKeys}.
 */
final class PemKeys {

    private PemKeys() {
    }

    /** A new key pair for {@code alg}: RSA 2048 bits for *256, 3072 above; EC on the curve the algorithm names. */
    static KeyPair generate(String alg) {
        try {
            SignatureAlgorithm sa = SignatureAlgorithm.fromAlgorithm(alg);
            int size = switch (alg) {
                case "ES256" -> 256;
                case "ES384" -> 384;
                case "ES512" -> 521;
                default -> alg.endsWith("256") ? 2048 : 3072;
            };
            return KeyUtils.generateKeyPair(size, sa);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
    }

    /** One PEM block of {@code type} ("PRIVATE KEY", "PUBLIC KEY") around the DER bytes. */
    static byte[] pem(String type, byte[] der) {
        StringWriter out = new StringWriter();
        try (PemWriter w = new PemWriter(out)) {
            w.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    static PrivateKey readPrivateKey(Path file) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            ServiceSecret.refusePlaceholder("auth.jwt.signing-key-location", file, pem.getBytes(StandardCharsets.US_ASCII));
            return parsePrivateKey(pem);
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
        throw new IllegalStateException("the signing key is neither an RSA nor an EC PKCS#8 key (an RSA-PSS key, from"
                + " openssl genpkey -algorithm RSA-PSS, is not supported: a plain RSA key signs PS256..PS512 as well)");
    }

    static List<PublicKey> readPublicKeys(Path file) {
        try {
            List<PublicKey> keys = new ArrayList<>();
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            ServiceSecret.refusePlaceholder("auth.jwt.verification-keys-location", file,
                    pem.getBytes(StandardCharsets.US_ASCII));
            for (byte[] der : pemBlocks(pem, "PUBLIC KEY")) {
                try {
                    keys.add(parsePublicKey(der));
                } catch (IllegalStateException e) {
                    throw new IllegalStateException("verification key " + file + ": " + e.getMessage(), e);
                }
            }
            if (keys.isEmpty()) {
                throw new IllegalStateException("no PEM 'PUBLIC KEY' in verification key " + file
                        + " (list public keys only: openssl pkey -in old.pem -pubout)");
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
        throw new IllegalStateException("neither an RSA nor an EC public key on a curve this JVM knows");
    }

    /** The DER bytes of every PEM block of {@code type} in the text, in order; other blocks are skipped. */
    static List<byte[]> pemBlocks(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        try (PemReader r = new PemReader(new StringReader(text))) {
            for (PemObject o = r.readPemObject(); o != null; o = r.readPemObject()) {
                if (o.getType().equals(type)) {
                    out.add(o.getContent());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("not a PEM text: " + e.getMessage(), e);
        }
        return out;
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
        String name = EllipticCurves.getName(ec.getParams().getCurve());
        if (name == null || !SigningKeys.CURVE_OF.containsValue(name)) {
            throw new IllegalStateException("the signing key is an EC key on " + (name == null ? "an unknown curve" : name)
                    + "; ES256, ES384 and ES512 take P-256, P-384 and P-521 keys");
        }
        return name;
    }
}
