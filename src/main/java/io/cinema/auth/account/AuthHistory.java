package io.cinema.auth.account;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;

/** One event of the login history (a monthly-partitioned table; the key is (id, occurred_at)). */
@Entity
@Table(name = "auth_history")
public class AuthHistory extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public boolean success;

    @Column(name = "ip_address")
    public String ipAddress;

    @Column(name = "user_agent")
    public String userAgent;

    public String device;

    public String fingerprint;

    /** Extra context without secrets, e.g. the provider of a social login. */
    public String detail;

    @Column(name = "occurred_at", nullable = false)
    public Instant occurredAt;

    public static java.util.List<AuthHistory> pageOf(UUID userId, int page, int size) {
        return find("userId", Sort.descending("occurredAt").and("id", Sort.Direction.Descending), userId)
                .page(Page.of(page - 1, size)).list();
    }

    public static long countOf(UUID userId) {
        return count("userId", userId);
    }

    @Override
    public String toString() {
        return "AuthHistory[" + eventType + ", user " + userId + "]";
    }
}
