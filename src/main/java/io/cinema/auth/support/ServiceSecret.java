package io.cinema.auth.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;

/**
 * The service's own secret, the root of its keyed hashes and encryption. Each purpose gets a key derived from it
 * (HMAC-SHA-256 of the purpose label), so no two uses ever share a key.
 */
@Singleton
public class ServiceSecret {

    private final byte[] root;

    @Inject
    public ServiceSecret(AuthConfig config, SecureRandom random) {
        byte[] bytes;
        if (config.secretKeyLocation().isPresent()) {
            Path file = Path.of(config.secretKeyLocation().get());
            try {
                bytes = Files.readAllBytes(file);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read auth.secret-key-location " + file, e);
            }
        } else {
            Path file = Path.of(config.jwt().generatedKeyDir(), "service-secret.key");
            boolean existed = Files.exists(file);
            bytes = KeyFiles.readOrCreate(file, () -> {
                byte[] b = new byte[32];
                random.nextBytes(b);
                return b;
            });
            Log.warnf("auth.secret-key-location is not set: using the %s secret in %s, which suits one instance only",
                    existed ? "generated" : "newly generated", file.toAbsolutePath());
        }
        if (bytes.length < 32) {
            throw new IllegalStateException("the service secret must hold at least 32 bytes");
        }
        this.root = bytes;
    }

    /** A 32-byte key for one purpose, e.g. {@code "refresh-successor"}. */
    public byte[] derive(String purpose) {
        return Crypto.hmacSha256(root, "cinema-auth/" + purpose);
    }
}
