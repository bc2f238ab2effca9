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

    public static List<UUID> usersWith(UUID roleId) {
        return find("roleId", roleId).project(UserIdOnly.class).list().stream().map(UserIdOnly::userId).toList();
    }

    /** Projection of the user id. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record UserIdOnly(UUID userId) {
    }
}
