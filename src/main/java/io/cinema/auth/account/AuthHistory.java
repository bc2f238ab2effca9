package io.cinema.auth.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
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

    /**
     * One page of the user's history, newest first (then by id). The page's keys come first, from an index-only walk
     * of {@code auth_history_user_page_idx} in exactly this order; only the page's own rows are read then. A deep page
     * still walks the index entries before it (page 500 of 20: 10,000 entries, each a few bytes) but reads no rows
     * but its own.
     */
    public static List<AuthHistory> pageOf(UUID userId, int page, int size) {
        List<Object[]> keys = getEntityManager().createQuery("select h.id, h.occurredAt from AuthHistory h"
                + " where h.userId = ?1 order by h.occurredAt desc, h.id desc", Object[].class)
                .setParameter(1, userId).setFirstResult((page - 1) * size).setMaxResults(size).getResultList();
        if (keys.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = keys.stream().map(k -> (UUID) k[0]).toList();
        Instant newest = (Instant) keys.get(0)[1];
        Instant oldest = (Instant) keys.get(keys.size() - 1)[1];
        // the time range lets PostgreSQL look only into the months the page spans
        return list("userId = ?1 and id in ?2 and occurredAt between ?3 and ?4",
                Sort.descending("occurredAt").and("id", Sort.Direction.Descending), userId, ids, oldest, newest);
    }

    public static long countOf(UUID userId) {
        return count("userId", userId);
    }

    @Override
    public String toString() {
        return "AuthHistory[" + eventType + ", user " + userId + "]";
    }
}
