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
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECField;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jose4j.keys.EllipticCurves;

import io.cinema.auth.support.ServiceSecret;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Key material in and out of PEM files (RFC 7468's textual encoding, read and written here), the JDK's key factories
 * read PKCS#8 and X.509 keys, smallrye-jwt's {@link KeyUtils} generates them. The rules of which key fits which
 * algorithm stay in {@link SigningKeys}. No Bouncy Castle at run time: see {@code Blake2b} for why.
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
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
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

    /**
     * The DER bytes of every PEM block of {@code type} in the text, in order; other blocks and text outside blocks are
     * skipped, as are RFC 1421 header lines ({@code Name: value}) at a block's start. A block without its END line or
     * with a body that is not Base64 makes the whole text unreadable.
     */
    static List<byte[]> pemBlocks(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        String[] lines = text.split("\r?\n|\r", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("-----BEGIN ") || !line.endsWith("-----") || line.length() < 16) {
                continue;
            }
            String blockType = line.substring(11, line.length() - 5);
            String end = "-----END " + blockType + "-----";
            StringBuilder body = new StringBuilder();
            boolean ended = false;
            for (i++; i < lines.length; i++) {
                String l = lines[i].strip();
                if (l.equals(end)) {
                    ended = true;
                    break;
                }
                if (body.isEmpty() && l.indexOf(':') > 0) {
                    continue;
                }
                body.append(l);
            }
            if (!ended) {
                throw new IllegalStateException("not a PEM text: no '" + end + "' line");
            }
            if (blockType.equals(type)) {
                try {
                    out.add(Base64.getDecoder().decode(body.toString()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("not a PEM text: the " + type + " block is not Base64", e);
                }
            }
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
                curveName(ec);
                ECPoint q = multiply(ec.getParams(), ec.getS());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(q, ec.getParams()));
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

    /**
     * k·G on the curve y² = x³ + ax + b over the prime field of {@code spec}, in Jacobian coordinates (X, Y, Z) for
     * x = X/Z², y = Y/Z³, so that the only inversion is the last one. Runs once per start for a configured EC key
     * without its public half, so a plain double-and-add is enough; the result is checked to be on the curve.
     */
    static ECPoint multiply(ECParameterSpec spec, BigInteger k) {
        ECField field = spec.getCurve().getField();
        if (!(field instanceof ECFieldFp fp)) {
            throw new IllegalStateException("the signing key's curve is not over a prime field");
        }
        BigInteger p = fp.getP();
        BigInteger a = spec.getCurve().getA();
        BigInteger[] g = {spec.getGenerator().getAffineX(), spec.getGenerator().getAffineY(), BigInteger.ONE};
        BigInteger[] r = null;
        for (int i = k.bitLength() - 1; i >= 0; i--) {
            r = r == null ? null : twice(r, a, p);
            if (k.testBit(i)) {
                r = r == null ? g : add(r, g, a, p);
            }
        }
        if (r == null || r[2].signum() == 0) {
            throw new IllegalStateException("the signing key's scalar gives the point at infinity");
        }
        BigInteger zInv = r[2].modInverse(p);
        BigInteger zInv2 = zInv.multiply(zInv).mod(p);
        BigInteger x = r[0].multiply(zInv2).mod(p);
        BigInteger y = r[1].multiply(zInv2).multiply(zInv).mod(p);
        BigInteger rhs = x.pow(3).add(a.multiply(x)).add(spec.getCurve().getB()).mod(p);
        if (!y.multiply(y).mod(p).equals(rhs)) {
            throw new IllegalStateException("the derived public key is not on the signing key's curve");
        }
        return new ECPoint(x, y);
    }

    /** 2P in Jacobian coordinates; the point at infinity has Z = 0. */
    private static BigInteger[] twice(BigInteger[] q, BigInteger a, BigInteger p) {
        if (q[2].signum() == 0 || q[1].signum() == 0) {
            return new BigInteger[] {BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
        }
        BigInteger yy = q[1].multiply(q[1]).mod(p);
        BigInteger s = q[0].multiply(yy).shiftLeft(2).mod(p);
        BigInteger z2 = q[2].multiply(q[2]).mod(p);
        BigInteger m = q[0].multiply(q[0]).multiply(BigInteger.valueOf(3)).add(a.multiply(z2.multiply(z2))).mod(p);
        BigInteger x = m.multiply(m).subtract(s.shiftLeft(1)).mod(p);
        BigInteger y = m.multiply(s.subtract(x)).subtract(yy.multiply(yy).shiftLeft(3)).mod(p);
        BigInteger z = q[1].multiply(q[2]).shiftLeft(1).mod(p);
        return new BigInteger[] {x, y, z};
    }

    /** P + Q in Jacobian coordinates, Q affine (Z = 1). */
    private static BigInteger[] add(BigInteger[] q, BigInteger[] g, BigInteger a, BigInteger p) {
        if (q[2].signum() == 0) {
            return g;
        }
        BigInteger z2 = q[2].multiply(q[2]).mod(p);
        BigInteger u2 = g[0].multiply(z2).mod(p);
        BigInteger s2 = g[1].multiply(z2).multiply(q[2]).mod(p);
        BigInteger h = u2.subtract(q[0]).mod(p);
        BigInteger r = s2.subtract(q[1]).mod(p);
        if (h.signum() == 0) {
            return r.signum() == 0 ? twice(q, a, p) : new BigInteger[] {BigInteger.ONE, BigInteger.ONE, BigInteger.ZERO};
        }
        BigInteger hh = h.multiply(h).mod(p);
        BigInteger hhh = hh.multiply(h).mod(p);
        BigInteger v = q[0].multiply(hh).mod(p);
        BigInteger x = r.multiply(r).subtract(hhh).subtract(v.shiftLeft(1)).mod(p);
        BigInteger y = r.multiply(v.subtract(x)).subtract(q[1].multiply(hhh)).mod(p);
        BigInteger z = q[2].multiply(h).mod(p);
        return new BigInteger[] {x, y, z};
    }
}
