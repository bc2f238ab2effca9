package io.cinema.auth.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Compact JWS (RFC 7515 §7.1) of a JSON claims set, signed with one of the algorithms {@link SigningKeys} allows
 * (RFC 7518 §3: RS*, PS*, ES*). Our access tokens are the only JWTs we sign, and their signature is the bulk of a
 * token's cost: a general JWT builder around it read configuration on every token and serialised it twice, which
 * cost a fifth as much again as the RSA signature on a refresh. One {@link Signature} per thread and algorithm, so
 * no provider lookup per token; ES* signatures come from the JDK in the JOSE form (R ‖ S, RFC 7518 §3.4). RS*
 * signatures come from OpenSSL ({@link NativeRsa}, the same bytes in a little more than half the time) where it is
 * loaded and {@code auth.jwt.native-rsa} is on, else from the JDK.
 */
final class Jws {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final String algorithm;
    private final String jcaName;
    private final PSSParameterSpec pss;
    private final ThreadLocal<Signature> signatures;
    private final boolean nativeRsa;
    /** OpenSSL's signer of the key last signed with (null inside where the JDK signs with that key). */
    private volatile NativeSigner nativeSigner;

    private record NativeSigner(PrivateKey key, NativeRsa rsa) {
    }

    /** A signer of {@code algorithm}; {@code nativeRsa}: RS* through OpenSSL where it is loaded. */
    Jws(String algorithm, boolean nativeRsa) {
        this.nativeRsa = nativeRsa;
        this.algorithm = algorithm;
        String bits = algorithm.length() == 5 ? algorithm.substring(2) : "";
        if (!(bits.equals("256") || bits.equals("384") || bits.equals("512"))) {
            throw new IllegalArgumentException("not a JWS algorithm we sign with: " + algorithm);
        }
        this.jcaName = switch (algorithm.substring(0, 2)) {
            case "RS" -> "SHA" + bits + "withRSA";
            case "PS" -> "RSASSA-PSS";
            case "ES" -> "SHA" + bits + "withECDSAinP1363Format";
            default -> throw new IllegalArgumentException("not a JWS algorithm we sign with: " + algorithm);
        };
        this.pss = algorithm.startsWith("PS") ? pss(Integer.parseInt(bits)) : null;
        this.signatures = ThreadLocal.withInitial(this::newSignature);
        newSignature(); // an unknown algorithm fails here, not on the first token
    }

    /** RFC 7518 §3.5: MGF1 with the same hash, a salt as long as the hash. */
    private static PSSParameterSpec pss(int bits) {
        String hash = "SHA-" + bits;
        MGF1ParameterSpec mgf = switch (bits) {
            case 256 -> MGF1ParameterSpec.SHA256;
            case 384 -> MGF1ParameterSpec.SHA384;
            case 512 -> MGF1ParameterSpec.SHA512;
            default -> throw new IllegalArgumentException("PS" + bits);
        };
        return new PSSParameterSpec(hash, "MGF1", mgf, bits / 8, PSSParameterSpec.TRAILER_FIELD_BC);
    }

    private Signature newSignature() {
        try {
            Signature s = Signature.getInstance(jcaName);
            if (pss != null) {
                s.setParameter(pss);
            }
            return s;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot sign " + algorithm, e);
        }
    }

    String algorithm() {
        return algorithm;
    }

    /** Whether {@code key} is signed with through OpenSSL. */
    boolean signsNatively(PrivateKey key) {
        return nativeFor(key) != null;
    }

    private NativeRsa nativeFor(PrivateKey key) {
        if (!nativeRsa) {
            return null;
        }
        NativeSigner signer = nativeSigner;
        if (signer == null || signer.key() != key) {
            signer = new NativeSigner(key, NativeRsa.of(algorithm, key)); // a rare race only parses it twice
            nativeSigner = signer;
        }
        return signer.rsa();
    }

    /** {@code header.claims.signature}; the header is {@code kid}, {@code alg} and {@code typ: JWT}, in that order. */
    String sign(String kid, Map<String, Object> claims, PrivateKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("kid", kid);
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        String input;
        try {
            input = B64.encodeToString(JSON.writeValueAsBytes(header)) + '.'
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("claims that do not serialise", e);
        }
        byte[] bytes = input.getBytes(StandardCharsets.US_ASCII);
        NativeRsa rsa = nativeFor(key);
        if (rsa != null) {
            return input + '.' + B64.encodeToString(rsa.sign(bytes, bytes.length));
        }
        try {
            Signature s = signatures.get();
            s.initSign(key);
            s.update(bytes);
            return input + '.' + B64.encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing with " + algorithm + " failed", e);
        }
    }
}
