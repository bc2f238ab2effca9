package io.cinema.auth.client;

import java.security.SecureRandom;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ServiceSecret;

/**
 * Client secrets: 256 random bits, shown once, stored only as an HMAC-SHA-256 under a key derived from the service
 * secret. A random secret needs no password hash (nothing to guess from a dictionary), and the key keeps a stolen
 * table of hashes from being checked offline. A check always computes one hash and two constant-time comparisons,
 * against a dummy when the client is unknown or has no secret, so a wrong client id and a wrong secret cost the same.
 */
@Singleton
public class ClientSecrets {

    static final int SECRET_BYTES = 32;
    static final int CLIENT_ID_BYTES = 16;

    private final SecureRandom random;
    private final byte[] key;
    private final byte[] dummy;

    @Inject
    public ClientSecrets(SecureRandom random, ServiceSecret secret) {
        this.random = random;
        this.key = secret.derive("client-secret");
        this.dummy = hash(Crypto.randomToken(random, SECRET_BYTES));
    }

    /** A new secret in clear, to be shown once. */
    public String newSecret() {
        return Crypto.randomToken(random, SECRET_BYTES);
    }

    /** A new client id: random (128 bits), so it says nothing of the client, but no secret. */
    public String newClientId() {
        return Crypto.randomToken(random, CLIENT_ID_BYTES);
    }

    public byte[] hash(String secret) {
        return Crypto.hmacSha256(key, secret);
    }

    /**
     * Whether {@code presented} is the client's current secret, or its previous one before its expiry; {@code client}
     * may be null (unknown id), and then a dummy takes its place, with the same work done.
     */
    public boolean matches(Client client, String presented, Instant now) {
        byte[] given = hash(presented == null ? "" : presented);
        byte[] current = client == null || client.secretHash == null ? dummy : client.secretHash;
        boolean previousLive = client != null && client.previousSecretHash != null
                && client.previousSecretExpiresAt != null && now.isBefore(client.previousSecretExpiresAt);
        byte[] previous = previousLive ? client.previousSecretHash : dummy;
        // both comparisons always run; the dummy stands in for what is missing, and never matches (its secret is gone)
        boolean currentOk = Crypto.constantTimeEquals(current, given);
        boolean previousOk = Crypto.constantTimeEquals(previous, given);
        return current != dummy && currentOk | previousLive & previousOk;
    }
}
