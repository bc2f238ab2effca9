package io.cinema.auth.device;

import java.time.Instant;
import java.util.ArrayList;
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

/**
 * One device authorization request (RFC 8628 §3.1): the TV keeps the device code, of which only a keyed hash is
 * stored ({@link DeviceCodes}), and shows the user code, which a signed-in viewer approves or denies. Every change of
 * its status and polling state happens under its row lock, so replicas agree on them and an approval is picked up
 * once.
 */
@Entity
@Table(name = "device_codes")
public class DeviceCode extends PanacheEntityBase {

    /** Where a request stands; an expiry is read from {@link #expiresAt}, not stored. */
    public enum Status {
        /** Waiting for the viewer. */
        PENDING,
        /** Approved: the TV's next poll gets the token pair. */
        APPROVED,
        /** Denied by the viewer, or its session was ended before the TV picked it up. */
        DENIED,
        /** The TV got its token pair: any later poll is invalid_grant. */
        CONSUMED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Id
    public UUID id;

    /** The device client's row id ({@code clients.id}). */
    @Column(name = "client_id", nullable = false)
    public UUID clientId;

    @Column(name = "device_code_hash", nullable = false)
    public byte[] deviceCodeHash;

    /** Normalised: 8 letters, no dash ({@link DeviceCodes#normalise}). */
    @Column(name = "user_code", nullable = false, length = 8)
    public String userCode;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> scopes = new ArrayList<>();

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "device_ip")
    public String deviceIp;

    @Column(name = "device_user_agent")
    public String deviceUserAgent;

    @Column(nullable = false, length = 16)
    public String status = Status.PENDING.wire();

    /** The viewer who approved or denied. */
    @Column(name = "decided_by")
    public UUID decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    /** The TV's session, opened by the approval. */
    @Column(name = "session_id")
    public UUID sessionId;

    /** The interval the TV must keep between polls now; grows by 5 s at each too-early poll. */
    @Column(name = "interval_seconds", nullable = false)
    public int intervalSeconds;

    @Column(name = "last_polled_at")
    public Instant lastPolledAt;

    public boolean is(Status s) {
        return status.equals(s.wire());
    }

    public void set(Status s) {
        status = s.wire();
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The request of this device code's hash, locked for the caller's transaction; null when none. */
    public static DeviceCode findByHashForUpdate(byte[] hash) {
        return find("deviceCodeHash", hash).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The pending, unexpired request of this (normalised) user code; null when none. */
    public static DeviceCode findPending(String userCode, Instant now) {
        return find("userCode = ?1 and status = ?2 and expiresAt > ?3", userCode, Status.PENDING.wire(), now)
                .firstResult();
    }

    /** {@link #findPending}, locked for the caller's transaction. */
    public static DeviceCode findPendingForUpdate(String userCode, Instant now) {
        return find("userCode = ?1 and status = ?2 and expiresAt > ?3", userCode, Status.PENDING.wire(), now)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    @Override
    public String toString() {
        return "DeviceCode[" + id + ", " + status + "]";
    }
}
