package io.cinema.auth.role;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A role given to a user. */
@Entity
@Table(name = "user_roles")
@IdClass(UserRole.Key.class)
public class UserRole extends PanacheEntityBase {

    private static final long SUPERUSER_LOCK = 0x5375_7065_7255L;

    /** Composite key (user, role). */
    public static class Key implements Serializable {
        public UUID userId;
        public UUID roleId;

        public Key() {
        }

        public Key(UUID userId, UUID roleId) {
            this.userId = userId;
            this.roleId = roleId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(userId, k.userId) && Objects.equals(roleId, k.roleId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(userId, roleId);
        }
    }

    @Id
    @Column(name = "user_id")
    public UUID userId;

    @Id
    @Column(name = "role_id")
    public UUID roleId;

    @Column(name = "granted_at", nullable = false)
    public Instant grantedAt;

    public static UserRole find(UUID userId, UUID roleId) {
        return findById(new Key(userId, roleId));
    }

    /** Takes the role from everyone who holds it; returns how many grants were removed. */
    public static long deleteAllOf(UUID roleId) {
        return delete("roleId", roleId);
    }

    public static List<UUID> usersWith(UUID roleId) {
        return find("roleId", roleId).project(UserIdOnly.class).list().stream().map(UserIdOnly::userId).toList();
    }

    /** Serialises, per transaction, every change that could leave no active superuser (an advisory lock). */
    public static void lockSuperuserChanges() {
        getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(" + SUPERUSER_LOCK + ")").getSingleResult();
    }

    /** How many active users hold the superuser role. */
    public static long countActiveSuperusers() {
        return getEntityManager().createQuery("select count(u) from User u, UserRole ur where ur.userId = u.id"
                + " and ur.roleId = :role and u.active = true", Long.class).setParameter("role", Role.SUPERUSER_ID)
                .getSingleResult();
    }

    /** Projection of the user id. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record UserIdOnly(UUID userId) {
    }
}
