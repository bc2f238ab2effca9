package io.cinema.auth.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.HashUtil;
import org.jose4j.lang.JoseException;

import io.cinema.auth.support.KeyFiles;
import io.cinema.auth.support.ServiceConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/**
 * The key that signs access tokens and every key a verifier may meet (the current one, earlier ones whose tokens still
 * live, upcoming ones published before they sign), each named by its RFC 7638 thumbprint so that replicas and rotations
 * agree on {@code kid}, and each bound to one algorithm: a token verifies only with its key's algorithm.
 * Built at start-up, so a key that does not fit its algorithm stops the service instead of its first request.
 */
@Startup
@Singleton
public class SigningKeys {

    /** A public key we accept, with its thumbprint and the one algorithm its tokens may use. */
    public record VerificationKey(String kid, PublicKey key, String algorithm) {
    }

    /**
     * One entry of {@code auth.jwt.verification-keys-location}: {@code path}, or {@code ALG:path} where ALG is two
     * letters and three digits; without a prefix the key has the configured {@code auth.jwt.algorithm}.
     */
    record KeyLocation(String algorithm, Path path, boolean prefixed) {

        private static final Pattern PREFIXED = Pattern.compile("([A-Za-z]{2}[0-9]{3}):(.*)");

        static KeyLocation parse(String entry, String configuredAlgorithm) {
            String e = entry.trim();
            Matcher m = PREFIXED.matcher(e);
            if (!m.matches()) {
                return new KeyLocation(configuredAlgorithm, Path.of(e), false);
            }
            String alg = m.group(1).toUpperCase(Locale.ROOT);
            if (!SUPPORTED.matcher(alg).matches()) {
                throw new IllegalStateException("auth.jwt.verification-keys-location entry '" + e + "' names " + alg
                        + ", which is not one of " + SUPPORTED_LIST);
            }
            String file = m.group(2).trim();
            if (file.isEmpty()) {
                throw new IllegalStateException("auth.jwt.verification-keys-location entry '" + e + "' names no file");
            }
            return new KeyLocation(alg, Path.of(file), true);
        }
    }

    private static final Pattern SUPPORTED = Pattern.compile("(RS|PS|ES)(256|384|512)");
    private static final String SUPPORTED_LIST = "RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512";
    static final Map<String, String> CURVE_OF = Map.of("ES256", EllipticCurves.P_256, "ES384",
            EllipticCurves.P_384, "ES512", EllipticCurves.P_521);

    private final String algorithm;
    private final PrivateKey signingKey;
    private final String signingKid;
    private final Map<String, VerificationKey> byKid = new LinkedHashMap<>();
    /** What each kid was configured as, to name both entries when one key is listed with two algorithms. */
    private final Map<String, String> sourceOf = new LinkedHashMap<>();
    private final String jwksJson;

    @Inject
    public SigningKeys(TokenConfig config, ServiceConfig service) {
        this.algorithm = config.jwt().algorithm().trim().toUpperCase(Locale.ROOT);
        checkAlgorithm(algorithm);
        PrivateKey priv;
        String source;
        if (config.jwt().signingKeyLocation().isPresent()) {
            Path file = Path.of(config.jwt().signingKeyLocation().get());
            priv = PemKeys.readPrivateKey(file);
            source = "the signing key " + file;
        } else {
            Path file = Path.of(service.generatedKeyDir(),
                    "signing-key-" + algorithm.toLowerCase(Locale.ROOT) + ".pem");
            boolean existed = Files.exists(file);
            byte[] pem = KeyFiles.readOrCreate(file, () -> PemKeys.pem("PRIVATE KEY", PemKeys.generate(algorithm).getPrivate().getEncoded()));
            priv = PemKeys.parsePrivateKey(new String(pem, StandardCharsets.US_ASCII));
            source = "the generated signing key " + file;
            Log.warnf("auth.jwt.signing-key-location is not set: signing with the %s key in %s, which suits one instance only",
                    existed ? "generated" : "newly generated", file.toAbsolutePath());
        }
        this.signingKey = priv;
        PublicKey pub = PemKeys.publicOf(priv);
        checkKeyFitsAlgorithm(pub, algorithm, source, "auth.jwt.algorithm");
        this.signingKid = thumbprint(pub);
        add(new VerificationKey(signingKid, pub, algorithm), source);
        for (String entry : config.jwt().verificationKeysLocation().orElse(List.of())) {
            if (entry.isBlank()) {
                continue;
            }
            KeyLocation location = KeyLocation.parse(entry, algorithm);
            List<PublicKey> keys = PemKeys.readPublicKeys(location.path());
            for (int i = 0; i < keys.size(); i++) {
                String name = "verification key " + (keys.size() == 1 ? "" : "#" + (i + 1) + " in ") + location.path();
                checkKeyFitsAlgorithm(keys.get(i), location.algorithm(), name, location.prefixed()
                        ? "its prefix" : "auth.jwt.algorithm, as the entry has no ALG: prefix");
                add(new VerificationKey(thumbprint(keys.get(i)), keys.get(i), location.algorithm()), name);
            }
        }
        Log.infof("access tokens are signed %s with key %s; verification keys: %s", algorithm, signingKid,
                byKid.values().stream().map(vk -> vk.kid() + " " + vk.algorithm()).collect(Collectors.joining(", ")));
        this.jwksJson = buildJwks();
    }

    /** The same key listed twice with one algorithm is harmless (an upcoming key now signing); with two it is not. */
    private void add(VerificationKey vk, String source) {
        VerificationKey known = byKid.get(vk.kid());
        if (known == null) {
            byKid.put(vk.kid(), vk);
            sourceOf.put(vk.kid(), source);
        } else if (!known.algorithm().equals(vk.algorithm())) {
            throw new IllegalStateException(source + " is the same key (kid " + vk.kid() + ") as " + sourceOf.get(vk.kid())
                    + ", but for " + vk.algorithm() + " instead of " + known.algorithm()
                    + ": a key verifies one algorithm only");
        }
    }

    /** The algorithm new tokens are signed with. */
    public String algorithm() {
        return algorithm;
    }

    /** Every algorithm of a published key, the signing algorithm first. */
    public List<String> algorithms() {
        Set<String> algs = new LinkedHashSet<>();
        algs.add(algorithm);
        byKid.values().forEach(vk -> algs.add(vk.algorithm()));
        return List.copyOf(algs);
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

    /** Every key, the signing key first. */
    public List<VerificationKey> all() {
        return List.copyOf(byKid.values());
    }

    /** The JWKS document, public parts only, each key with its {@code alg}. */
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
        if (!SUPPORTED.matcher(alg).matches()) {
            throw new IllegalStateException("auth.jwt.algorithm must be one of " + SUPPORTED_LIST + ", not " + alg);
        }
    }

    /**
     * RS* and PS* need an RSA key of at least 2048 bits (jose4j refuses smaller ones when verifying, so a short key would
     * only fail later, token by token); ES256, ES384 and ES512 need an EC key on P-256, P-384 and P-521.
     */
    static void checkKeyFitsAlgorithm(PublicKey key, String alg, String name, String why) {
        String listed = " but is listed for " + alg + " (" + why + ")";
        if (key instanceof RSAPublicKey rsa) {
            if (alg.startsWith("ES")) {
                throw new IllegalStateException(name + " is an RSA key" + listed
                        + "; an RSA key takes RS256, RS384, RS512, PS256, PS384 or PS512");
            }
            int bits = rsa.getModulus().bitLength();
            if (bits < 2048) {
                throw new IllegalStateException(name + " is an RSA key of " + bits + " bits; " + alg
                        + " needs at least 2048");
            }
            return;
        }
        if (key instanceof ECPublicKey ec) {
            String curve = EllipticCurves.getName(ec.getParams().getCurve());
            String fitting = CURVE_OF.entrySet().stream().filter(e -> e.getValue().equals(curve)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (fitting == null) {
                throw new IllegalStateException(name + " is an EC key on " + (curve == null ? "an unknown curve" : curve)
                        + "; ES256, ES384 and ES512 take P-256, P-384 and P-521 keys");
            }
            if (!fitting.equals(alg)) {
                throw new IllegalStateException(name + " is an EC " + curve + " key" + listed + "; a " + curve
                        + " key takes " + fitting);
            }
            return;
        }
        throw new IllegalStateException(name + " is a " + key.getAlgorithm() + " key; only RSA and EC keys are supported");
    }
}
