package io.cinema.auth.email;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.cinema.auth.account.Identifiers;
import io.cinema.auth.support.Crypto;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A single-use token mailed to an address: only its SHA-256 is stored. It is bound to the address it was mailed to,
 * so once the account's email changes it is void.
 */
@Entity
@Table(name = "mail_tokens")
public class MailToken extends PanacheEntityBase {

    /** What a token is for. */
    public enum Purpose {
        VERIFY, RESET;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** 256 random bits. */
    static final int VALUE_BYTES = 32;

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    /** {@code verify} or {@code reset}. */
    @Column(nullable = false, length = 16)
    public String purpose;

    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    /** The address the token was mailed to. */
    @Column(nullable = false, length = 254)
    public String email;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    /** A token just made: the row (persisted in the caller's transaction) and the value that goes into the mail. */
    public record Issued(MailToken row, String value) {
    }

    /** Makes and persists a new token in the caller's transaction; the value exists only in the returned record. */
    static Issued issue(UUID userId, Purpose purpose, String email, Duration ttl, Instant now, SecureRandom random) {
        String value = Crypto.randomToken(random, VALUE_BYTES);
        MailToken t = new MailToken();
        t.id = UUID.randomUUID();
        t.userId = userId;
        t.purpose = purpose.wire();
        t.tokenHash = hash(value);
        t.email = email;
        t.createdAt = now;
        t.expiresAt = now.plus(ttl);
        t.persist();
        return new Issued(t, value);
    }

    static byte[] hash(String value) {
        return Crypto.sha256(value);
    }

    static MailToken findByValue(String value) {
        return find("tokenHash", (Object) hash(value)).firstResult();
    }

    static MailToken findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** Unused, unexpired, of this purpose. Whether its address is still the account's is the caller's check. */
    boolean usableFor(Purpose p, Instant now) {
        return purpose.equals(p.wire()) && usedAt == null && expiresAt.isAfter(now);
    }

    /** Whether the token was mailed to this address (ASCII case aside). */
    boolean boundTo(String address) {
        return Identifiers.sameEmail(address, email);
    }

    /**
     * Drops the account's unused verification links to any address but its current one and {@code pending} (a newer
     * change replaced the pending address they were sent to).
     */
    static long voidVerificationsNotFor(UUID userId, String current, String pending) {
        return delete("userId = ?1 and purpose = ?2 and usedAt is null and lower(email) <> ?3 and lower(email) <> ?4",
                userId, Purpose.VERIFY.wire(), Identifiers.asciiLower(current == null ? pending : current),
                Identifiers.asciiLower(pending));
    }

    /** Drops the account's reset tokens not yet used (a newer one replaces them, or a reset just succeeded). */
    static long voidResetTokensOf(UUID userId) {
        return delete("userId = ?1 and purpose = ?2 and usedAt is null", userId, Purpose.RESET.wire());
    }

    /** Drops the account's unused reset tokens except {@code kept} (the one a reset is using). */
    static long voidOtherResetTokensOf(UUID userId, UUID kept) {
        return delete("userId = ?1 and purpose = ?2 and usedAt is null and id <> ?3", userId, Purpose.RESET.wire(), kept);
    }

    /** Drops the account's tokens mailed to any other address than {@code email} (they are void anyway). */
    static long voidTokensNotFor(UUID userId, String email) {
        return delete("userId = ?1 and lower(email) <> ?2", userId, Identifiers.asciiLower(email));
    }

    @Override
    public String toString() {
        return "MailToken[" + id + ", " + purpose + ", user " + userId + "]";
    }
}
