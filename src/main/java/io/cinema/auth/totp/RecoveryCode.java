package io.cinema.auth.totp;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One recovery code of a user, stored only as a keyed hash; {@code usedAt} is set when it is spent. */
@Entity
@Table(name = "recovery_codes")
public class RecoveryCode extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(name = "code_hash", nullable = false)
    public byte[] codeHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "used_at")
    public Instant usedAt;

    public static List<RecoveryCode> findUnusedForUpdate(UUID userId) {
        return find("userId = ?1 and usedAt is null", userId).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    public static long deleteAllOf(UUID userId) {
        return delete("userId", userId);
    }

    @Override
    public String toString() {
        return "RecoveryCode[" + id + ", user " + userId + "]";
    }
}
