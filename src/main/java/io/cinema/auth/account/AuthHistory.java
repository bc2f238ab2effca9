package io.cinema.auth.account;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.query.NativeQuery;

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

    /** One page of a user's history, newest first, and how many rows the user has in all. */
    public record Counted(List<AuthHistory> items, long total) {
    }

    /**
     * One page of the user's history, newest first (then by id), and the user's total, both from the user's month
     * counts ({@code auth_history_month_counts}, kept by triggers in the transactions that write the rows; one small
     * read, a row per month the user has history in). The months newer than the one the page starts in are skipped
     * by their counts: the page's keys come from an index-only walk of {@code auth_history_user_page_idx} bounded
     * above by the end of that month, so the OFFSET walks at most one month's entries (page 500 of 20 no longer walks
     * the 10,000 entries before it), and only the page's own rows are read then. A page may run on into older months:
     * only the upper bound is set. The counts and the keys are two statements, as the count and the page always were:
     * a transaction that commits between them may shift the page by its rows, no more.
     */
    public static Counted pageOf(UUID userId, int page, int size) {
        List<MonthCount> months = monthsOf(userId);
        long total = months.stream().mapToLong(MonthCount::n).sum();
        long offset = (long) (page - 1) * size;
        long newer = 0;
        MonthCount start = null;
        for (MonthCount m : months) {
            if (offset < newer + m.n()) {
                start = m;
                break;
            }
            newer += m.n();
        }
        if (start == null) {
            // past the last row: nothing to read
            return new Counted(List.of(), total);
        }
        Instant end = start.month().plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Object[]> keys = getEntityManager().createQuery("select h.id, h.occurredAt from AuthHistory h"
                + " where h.userId = ?1 and h.occurredAt < ?2 order by h.occurredAt desc, h.id desc", Object[].class)
                .setParameter(1, userId).setParameter(2, end)
                // below Page.check's bound on page * size, so an int
                .setFirstResult((int) (offset - newer)).setMaxResults(size).getResultList();
        if (keys.isEmpty()) {
            return new Counted(List.of(), total);
        }
        List<UUID> ids = keys.stream().map(k -> (UUID) k[0]).toList();
        Instant newest = (Instant) keys.get(0)[1];
        Instant oldest = (Instant) keys.get(keys.size() - 1)[1];
        // the time range lets PostgreSQL look only into the months the page spans
        List<AuthHistory> rows = list("userId = ?1 and id in ?2 and occurredAt between ?3 and ?4",
                Sort.descending("occurredAt").and("id", Sort.Direction.Descending), userId, ids, oldest, newest);
        return new Counted(rows, total);
    }

    /** How many history rows the user has: the sum of the user's month counts, not a count of the rows. */
    public static long countOf(UUID userId) {
        return ((Number) getEntityManager()
                .createNativeQuery("SELECT coalesce(sum(n), 0) FROM auth_history_month_counts WHERE user_id = ?1")
                .setParameter(1, userId).getSingleResult()).longValue();
    }

    /** A user's rows in one UTC month (its first day). */
    record MonthCount(LocalDate month, long n) {
    }

    /** The user's month counts, newest month first. */
    static List<MonthCount> monthsOf(UUID userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery("SELECT month, n FROM auth_history_month_counts"
                + " WHERE user_id = ?1 ORDER BY month DESC").unwrap(NativeQuery.class)
                .addScalar("month", LocalDate.class).addScalar("n", Long.class)
                .setParameter(1, userId).getResultList();
        return rows.stream().map(r -> new MonthCount((LocalDate) r[0], (Long) r[1])).toList();
    }

    @Override
    public String toString() {
        return "AuthHistory[" + eventType + ", user " + userId + "]";
    }
}
