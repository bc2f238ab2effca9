package io.cinema.auth.token;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
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

    private static final String LOCKED = """
            SELECT t.id, t.session_id, t.user_id, t.used, t.used_at, t.successor_hash, t.created_at, t.expires_at,
                s.created_at, s.last_used_at, s.expires_at, s.revoked_at, s.revoke_reason, s.authenticated_at,
                s.ip_address, s.user_agent, s.device_client_id, s.allowed_roles
            FROM tokens t JOIN sessions s ON s.id = t.session_id
            WHERE t.token_hash = ?
            FOR NO KEY UPDATE OF t, s""";

    /**
     * The row of this hash and its session's, read and locked in one statement (so exchanges of one token, and any
     * change of its session, run one at a time, as under the entities' PESSIMISTIC_WRITE); null when no token has
     * this hash. The hot path of every refresh, so a plain statement on the transaction's connection: the two
     * entities it returns are not managed (their changes are written by {@code RefreshRotation}; a caller that wants
     * to change the session through Hibernate loads it, already locked by this statement).
     */
    public static Locked findWithSessionForUpdate(byte[] hash) {
        return getEntityManager().unwrap(org.hibernate.Session.class).doReturningWork(c -> {
            try (PreparedStatement ps = c.prepareStatement(LOCKED)) {
                ps.setBytes(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? locked(rs, hash) : null;
                }
            }
        });
    }

    private static Locked locked(ResultSet rs, byte[] hash) throws SQLException {
        RefreshToken t = new RefreshToken();
        t.id = rs.getObject(1, UUID.class);
        t.sessionId = rs.getObject(2, UUID.class);
        t.userId = rs.getObject(3, UUID.class);
        t.used = rs.getBoolean(4);
        t.usedAt = instant(rs, 5);
        t.successorHash = rs.getBytes(6);
        t.createdAt = instant(rs, 7);
        t.expiresAt = instant(rs, 8);
        t.tokenHash = hash;
        Session s = new Session();
        s.id = t.sessionId;
        s.userId = t.userId;
        s.createdAt = instant(rs, 9);
        s.lastUsedAt = instant(rs, 10);
        s.expiresAt = instant(rs, 11);
        s.revokedAt = instant(rs, 12);
        s.revokeReason = rs.getString(13);
        s.authenticatedAt = instant(rs, 14);
        s.ipAddress = rs.getString(15);
        s.userAgent = rs.getString(16);
        s.deviceClientId = rs.getObject(17, UUID.class);
        Array roles = rs.getArray(18);
        s.allowedRoles = roles == null ? null : List.of((String[]) roles.getArray());
        return new Locked(t, s);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static RefreshToken findByHash(byte[] hash) {
        return find("tokenHash", (Object) hash).firstResult();
    }

    @Override
    public String toString() {
        return "RefreshToken[" + id + ", session " + sessionId + "]";
    }
}
