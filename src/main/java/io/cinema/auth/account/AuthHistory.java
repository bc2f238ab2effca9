package io.cinema.auth.account;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.query.NativeQuery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

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
     * read, a row per month the user has history in). The counts tell which months the page's rows lie in: the month
     * its first row falls in bounds it above (the newer months are skipped by their counts, so the OFFSET walks at
     * most one month's index entries: page 500 of 20 does not walk the 10,000 entries before it), and one month
     * older than the month of its last row bounds it below. Both bounds are parameters, so PostgreSQL plans only the
     * partitions between them: planning the page over every partition of the table cost more than reading it (1.1 ms
     * a page at 17 partitions on 2026-12-06, against 0.45 ms for both statements so bounded). The keys come from an
     * index-only walk of {@code auth_history_user_page_idx} and each key's row from its own index probe, in one
     * statement. The counts and the page are two statements, as the count and the page always were: a transaction
     * that commits between them may shift the page by its rows, no more (rows written meanwhile move it towards newer
     * rows; rows deleted from newer months move it towards older ones, and the spare month below keeps that from
     * cutting it short).
     */
    public static Counted pageOf(UUID userId, int page, int size) {
        List<MonthCount> months = monthsOf(userId);
        long total = months.stream().mapToLong(MonthCount::n).sum();
        long offset = (long) (page - 1) * size;
        long last = offset + size - 1;
        long newer = 0;
        long startNewer = 0;
        int first = -1;
        int end = months.size() - 1;
        for (int i = 0; i < months.size(); i++) {
            long upto = newer + months.get(i).n();
            if (first < 0 && offset < upto) {
                first = i;
                startNewer = newer;
            }
            if (last < upto) {
                end = i;
                break;
            }
            newer = upto;
        }
        if (first < 0) {
            // past the last row: nothing to read
            return new Counted(List.of(), total);
        }
        OffsetDateTime upper = start(months.get(first).month().plusMonths(1));
        OffsetDateTime lower = start(months.get(Math.min(end + 1, months.size() - 1)).month());
        @SuppressWarnings("unchecked")
        List<Object[]> rows = getEntityManager().createNativeQuery(PAGE).unwrap(NativeQuery.class)
                .addScalar("id", UUID.class).addScalar("event_type", String.class)
                .addScalar("success", Boolean.class).addScalar("ip_address", String.class)
                .addScalar("user_agent", String.class).addScalar("device", String.class)
                .addScalar("fingerprint", String.class).addScalar("detail", String.class)
                .addScalar("occurred_at", Instant.class)
                // below Page.check's bound on page * size, so an int
                .setParameter(1, userId).setParameter(2, lower).setParameter(3, upper)
                .setParameter(4, (int) (offset - startNewer)).setParameter(5, size).getResultList();
        List<AuthHistory> items = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            AuthHistory h = new AuthHistory();
            h.id = (UUID) r[0];
            h.userId = userId;
            h.eventType = (String) r[1];
            h.success = (Boolean) r[2];
            h.ipAddress = (String) r[3];
            h.userAgent = (String) r[4];
            h.device = (String) r[5];
            h.fingerprint = (String) r[6];
            h.detail = (String) r[7];
            h.occurredAt = (Instant) r[8];
            items.add(h);
        }
        return new Counted(items, total);
    }

    private static OffsetDateTime start(LocalDate month) {
        return month.atStartOfDay().atOffset(ZoneOffset.UTC);
    }

    /**
     * {@link #pageOf}'s page (?1 the user, ?2 and ?3 the bounds, ?4 the offset from the upper bound, ?5 the size):
     * the page's keys, then each key's row by its own index probe (the LATERAL with OFFSET 0 keeps the planner from
     * joining the keys to all of the user's rows by a hash join, which a generic plan estimating an average user
     * chose: 70 ms for a user with 20,000 rows). The rows come back as columns, not as managed entities: nothing for
     * the session to hold or check at the commit.
     */
    private static final String PAGE = """
            SELECT h.id, h.event_type, h.success, h.ip_address, h.user_agent, h.device, h.fingerprint, h.detail,
                   h.occurred_at
            FROM (SELECT id, occurred_at FROM auth_history
                  WHERE user_id = ?1 AND occurred_at >= ?2 AND occurred_at < ?3
                  ORDER BY occurred_at DESC, id DESC OFFSET ?4 LIMIT ?5) k
            CROSS JOIN LATERAL (
                SELECT r.id, r.event_type, r.success, r.ip_address, r.user_agent, r.device, r.fingerprint, r.detail,
                       r.occurred_at
                FROM auth_history r
                WHERE r.user_id = ?1 AND r.id = k.id AND r.occurred_at = k.occurred_at
                  AND r.occurred_at >= ?2 AND r.occurred_at < ?3
                OFFSET 0) h
            ORDER BY k.occurred_at DESC, k.id DESC""";

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
