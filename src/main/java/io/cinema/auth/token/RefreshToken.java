package io.cinema.auth.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A refresh token of a session's chain; only the SHA-256 of its value is stored. */
@Entity
@Table(name = "tokens")
public class RefreshToken extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "session_id", nullable = false)
    public UUID sessionId;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "token_hash", nullable = false)
    public byte[] tokenHash;

    @Column(nullable = false)
    public boolean used;

    @Column(name = "used_at")
    public Instant usedAt;

    /** Hash of the token this one was exchanged for. */
    @Column(name = "successor_hash")
    public byte[] successorHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** The row of this hash, locked for the rest of the transaction so exchanges of one token run one at a time. */
    public static RefreshToken findByHashForUpdate(byte[] hash) {
        return find("tokenHash", (Object) hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    public static RefreshToken findByHash(byte[] hash) {
        return find("tokenHash", (Object) hash).firstResult();
    }

    @Override
    public String toString() {
        return "RefreshToken[" + id + ", session " + sessionId + "]";
    }
}
