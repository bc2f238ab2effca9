package io.cinema.auth.account;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.cinema.auth.support.Crypto;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A login whose first factor passed (the password, or a provider) and whose second is still to come. The client holds
 * the {@code mfa_token}; only its hash is stored. Single use, {@link #TTL} long, dead after {@link #MAX_FAILURES}
 * wrong codes; a password change or reset, disabling the account or turning two-factor off deletes the user's rows.
 */
@Entity
@Table(name = "mfa_challenges")
public class MfaChallenge extends PanacheEntityBase {

    public static final Duration TTL = Duration.ofMinutes(5);
    public static final int MAX_FAILURES = 5;

    /** The first factor the pending login passed. */
    public enum Kind {
        PASSWORD, SOCIAL
    }

    /** A new challenge and the token to hand out, once. */
    public record Issued(MfaChallenge challenge, String token) {
        @Override
        public String toString() {
            return "Issued[" + challenge.id + "]";
        }
    }

    /** A provider link a first social login would write once the code is accepted (joining an account by email). */
    public record PendingLink(String provider, String socialId, String email) {
    }

    @Id
    public UUID id;

    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false)
    public String kind;

    /** The provider of a social login (always), with its subject and email when the login would join by email. */
    public String provider;

    @Column(name = "social_id")
    public String socialId;

    @Column(name = "social_email")
    public String socialEmail;

    @Column(nullable = false)
    public int failures;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** Opens a challenge for {@code userId} in the caller's transaction. */
    public static Issued open(UUID userId, Kind kind, String provider, PendingLink link, Instant now, SecureRandom random) {
        String token = Crypto.randomToken(random, 32);
        MfaChallenge c = new MfaChallenge();
        c.id = UUID.randomUUID();
        c.tokenHash = Crypto.sha256(token);
        c.userId = userId;
        c.kind = kind.name().toLowerCase(java.util.Locale.ROOT);
        c.provider = link != null ? link.provider() : provider;
        c.socialId = link == null ? null : link.socialId();
        c.socialEmail = link == null ? null : link.email();
        c.createdAt = now;
        c.expiresAt = now.plus(TTL);
        c.persist();
        return new Issued(c, token);
    }

    /** The live challenge of a presented token, locked for the caller's transaction; null for any other. */
    public static MfaChallenge findUsableForUpdate(String token, Instant now) {
        if (token == null || token.length() < 32 || token.length() > 128) {
            return null;
        }
        MfaChallenge c = find("tokenHash", (Object) Crypto.sha256(token)).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
        return c != null && c.usableAt(now) ? c : null;
    }

    public static MfaChallenge findUsable(String token, Instant now) {
        if (token == null || token.length() < 32 || token.length() > 128) {
            return null;
        }
        MfaChallenge c = find("tokenHash", (Object) Crypto.sha256(token)).firstResult();
        return c != null && c.usableAt(now) ? c : null;
    }

    /** Voids every pending challenge of the user (password change or reset, disabling, two-factor off). */
    public static void voidAllOf(UUID userId) {
        delete("userId", userId);
    }

    public static long deleteExpired(Instant now) {
        return delete("expiresAt < ?1 or usedAt is not null", now);
    }

    public boolean usableAt(Instant now) {
        return usedAt == null && failures < MAX_FAILURES && expiresAt.isAfter(now);
    }

    public Kind kind() {
        return Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    }

    /** The link to write when the code is accepted, or null. */
    public PendingLink pendingLink() {
        return socialId == null ? null : new PendingLink(provider, socialId, socialEmail);
    }

    /** Counts a wrong code; the fifth kills the challenge. */
    public void failed() {
        failures++;
    }

    @Override
    public String toString() {
        return "MfaChallenge[" + id + ", user " + userId + "]";
    }
}
