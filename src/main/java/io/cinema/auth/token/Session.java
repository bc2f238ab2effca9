package io.cinema.auth.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One login on one device: its id is the {@code sid} of every access token, and it owns a chain of refresh tokens. */
@Entity
@Table(name = "sessions")
public class Session extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    public Instant lastUsedAt;

    /** Absolute end: no refresh passes it. */
    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoke_reason")
    public String revokeReason;

    /** When the session last proved the password (login, mfa, reauth); null when it never did (device flow). */
    @Column(name = "authenticated_at")
    public Instant authenticatedAt;

    @Column(name = "ip_address")
    public String ipAddress;

    @Column(name = "user_agent")
    public String userAgent;

    /** The device client (a TV) the device flow signed this session in through; null for the user's own login. */
    @Column(name = "device_client_id")
    public UUID deviceClientId;

    /**
     * The role names this session's tokens may carry of the user's: null for every role (the user's own login), the
     * TV client's roles for a device-flow session ({@link Sessions#tokenRoles}).
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_roles", columnDefinition = "text[]")
    public List<String> allowedRoles;

    public boolean isLive(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }

    /** Whether the session proved the password within {@code maxAge} of {@code now}. */
    public boolean authenticatedWithin(java.time.Duration maxAge, Instant now) {
        return authenticatedAt != null && !authenticatedAt.plus(maxAge).isBefore(now) && !authenticatedAt.isAfter(now);
    }

    /** Whether the device flow opened it: a TV's session. */
    public boolean isDeviceLogin() {
        return deviceClientId != null;
    }

    public static Session findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public static List<Session> findLiveByUser(UUID userId, Instant now) {
        return list("userId = ?1 and revokedAt is null and expiresAt > ?2 order by lastUsedAt desc", userId, now);
    }

    public static List<Session> findByIds(java.util.Collection<UUID> ids) {
        return list("id in ?1", List.copyOf(ids));
    }

    /** The user's sessions not revoked yet (expired ones included: revoking them is harmless). */
    public static List<Session> findUnrevokedByUser(UUID userId) {
        return list("userId = ?1 and revokedAt is null", userId);
    }

    /** The sessions a device client (a TV) signed in that are not revoked. */
    public static List<Session> findUnrevokedByDeviceClient(UUID clientId) {
        return list("deviceClientId = ?1 and revokedAt is null", clientId);
    }

    /**
     * Renames {@code from} to {@code to} in every live session's allowed roles, in the caller's transaction; returns
     * the sessions changed, whose cached state the caller drops on commit.
     */
    @SuppressWarnings("unchecked")
    public static List<UUID> renameAllowedRole(String from, String to) {
        return getEntityManager().createNativeQuery("UPDATE sessions SET allowed_roles = array_replace(allowed_roles,"
                + " ?1, ?2) WHERE allowed_roles @> ARRAY[?1]::text[] AND revoked_at IS NULL RETURNING id", UUID.class)
                .setParameter(1, from).setParameter(2, to).getResultList();
    }

    /** Removes {@code name} from every live session's allowed roles, in the caller's transaction; as above. */
    @SuppressWarnings("unchecked")
    public static List<UUID> removeAllowedRole(String name) {
        return getEntityManager().createNativeQuery("UPDATE sessions SET allowed_roles = array_remove(allowed_roles,"
                + " ?1) WHERE allowed_roles @> ARRAY[?1]::text[] AND revoked_at IS NULL RETURNING id", UUID.class)
                .setParameter(1, name).getResultList();
    }

    /** Ends the session; the caller's transaction commits it ({@link Sessions} updates caches and metrics). */
    void revoke(Instant now, String reason) {
        revokedAt = now;
        revokeReason = reason;
    }

    @Override
    public String toString() {
        return "Session[" + id + ", user " + userId + "]";
    }
}
