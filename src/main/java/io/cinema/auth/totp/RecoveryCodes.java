package io.cinema.auth.totp;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ServiceSecret;

/**
 * Recovery codes: ten per enrolment, each 10 base32 characters (50 random bits) shown as {@code abcde-fghij}, kept
 * only as HMAC-SHA-256 under a key derived from the service's secret (so a stolen table alone cannot be searched
 * offline), and spent once, ever.
 */
@Singleton
public class RecoveryCodes {

    public static final int COUNT = 10;
    static final int LENGTH = 10;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    private final SecureRandom random;
    private final byte[] hashKey;

    @Inject
    public RecoveryCodes(SecureRandom random, ServiceSecret secret) {
        this.random = random;
        this.hashKey = secret.derive("totp-recovery-codes");
    }

    /** Replaces every earlier code of the user by ten new ones, in the caller's transaction; returns them in clear. */
    public List<String> replace(UUID userId, Instant now) {
        RecoveryCode.deleteAllOf(userId);
        List<String> codes = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            StringBuilder sb = new StringBuilder(LENGTH + 1);
            for (int j = 0; j < LENGTH; j++) {
                if (j == LENGTH / 2) {
                    sb.append('-');
                }
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String code = sb.toString();
            RecoveryCode rc = new RecoveryCode();
            rc.id = UUID.randomUUID();
            rc.userId = userId;
            rc.codeHash = hash(normalize(code));
            rc.createdAt = now;
            rc.persist();
            codes.add(code);
        }
        return codes;
    }

    /**
     * Spends an unused code of the user if {@code given} is one, in the caller's transaction (the rows are locked, so
     * two requests cannot spend the same code). Every unused hash is compared, in constant time.
     */
    public boolean spend(UUID userId, String given, Instant now) {
        String n = normalize(given);
        if (n == null) {
            return false;
        }
        byte[] h = hash(n);
        RecoveryCode match = null;
        for (RecoveryCode rc : RecoveryCode.findUnusedForUpdate(userId)) {
            if (MessageDigest.isEqual(h, rc.codeHash)) {
                match = rc;
            }
        }
        if (match == null) {
            return false;
        }
        match.usedAt = now;
        return true;
    }

    public void deleteAll(UUID userId) {
        RecoveryCode.deleteAllOf(userId);
    }

    /** Lower case without the dash or spaces a user may type; null when it cannot be a recovery code. */
    static String normalize(String given) {
        if (given == null || given.length() > 4 * LENGTH) {
            return null;
        }
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < given.length(); i++) {
            char c = Character.toLowerCase(given.charAt(i));
            if (c == '-' || c == ' ') {
                continue;
            }
            if (ALPHABET.indexOf(c) < 0) {
                return null;
            }
            sb.append(c);
        }
        return sb.length() == LENGTH ? sb.toString() : null;
    }

    /** Whether the text looks like a recovery code rather than a one-time code. */
    static boolean looksLikeRecoveryCode(String given) {
        return normalize(given) != null;
    }

    private byte[] hash(String normalized) {
        return Crypto.hmacSha256(hashKey, normalized.toLowerCase(Locale.ROOT));
    }
}
