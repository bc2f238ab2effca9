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

/** A role; {@code user} and {@code superuser} are built in ({@code system}) and can be neither deleted nor renamed. */
@Entity
@Table(name = "roles")
public class Role extends PanacheEntityBase {

    public static final String USER = "user";
    public static final String SUPERUSER = "superuser";

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
