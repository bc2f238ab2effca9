package io.cinema.auth.role;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;

import io.cinema.auth.token.UserState;

/** A role; {@code user} and {@code superuser} are built in ({@code system}) and can be neither deleted nor renamed. */
@Entity
@Table(name = "roles")
public class Role extends PanacheEntityBase {

    public static final String USER = "user";
    /** The superuser role's name: the one place it is spelled is {@link UserState#SUPERUSER}. */
    public static final String SUPERUSER = UserState.SUPERUSER;
    /** The built-in roles' ids, from the first migration. */
    public static final UUID USER_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final UUID SUPERUSER_ID = UUID.fromString("00000000-0000-0000-0000-000000000002");

    @Id
    public UUID id;

    @Column(nullable = false, length = 64)
    public String name;

    @Column(length = 500)
    public String description;

    @Column(nullable = false)
    public boolean system;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Role findByName(String name) {
        return find("lower(name) = ?1", name.toLowerCase(Locale.ROOT)).firstResult();
    }

    /** The role of this id; 404 NOT_FOUND when there is none. */
    public static Role findExisting(UUID id) {
        Role role = findById(id);
        if (role == null) {
            throw io.cinema.auth.support.ApiException.notFound("Role");
        }
        return role;
    }

    /** The user's roles, in name order. */
    public static List<Role> ofUser(UUID userId) {
        return getEntityManager().createQuery("select r from Role r, UserRole ur where ur.roleId = r.id"
                + " and ur.userId = :user order by r.name", Role.class).setParameter("user", userId).getResultList();
    }

    /** The names of the user's roles, in name order. */
    public static List<String> namesOf(UUID userId) {
        return getEntityManager().createQuery("select r.name from Role r, UserRole ur where ur.roleId = r.id"
                + " and ur.userId = :user order by r.name", String.class).setParameter("user", userId).getResultList();
    }

    public static List<Role> listByName() {
        return listAll(Sort.ascending("name"));
    }

    public boolean isSuperuser() {
        return SUPERUSER.equals(name);
    }

    @Override
    public String toString() {
        return "Role[" + name + "]";
    }
}
