package io.cinema.auth.token;

import java.time.Instant;
import java.util.List;
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

    /** A token row and its session's, both locked for the rest of the transaction. */
    public record Locked(RefreshToken token, Session session) {
    }

    /**
     * The row of this hash and its session's, read and locked in one statement (so exchanges of one token, and any
     * change of its session, run one at a time); null when no token has this hash.
     */
    public static Locked findWithSessionForUpdate(byte[] hash) {
        List<Object[]> rows = getEntityManager().createQuery("select t, s from RefreshToken t join Session s"
                + " on s.id = t.sessionId where t.tokenHash = ?1", Object[].class)
                .setParameter(1, hash).setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        return rows.isEmpty() ? null : new Locked((RefreshToken) rows.get(0)[0], (Session) rows.get(0)[1]);
    }

    /** Takes entities out of the persistence context: their changes are written by a statement of their own. */
    static void detach(Object... entities) {
        var em = getEntityManager();
        for (Object e : entities) {
            em.detach(e);
        }
    }

    public static RefreshToken findByHash(byte[] hash) {
        return find("tokenHash", (Object) hash).firstResult();
    }

    @Override
    public String toString() {
        return "RefreshToken[" + id + ", session " + sessionId + "]";
    }
}
