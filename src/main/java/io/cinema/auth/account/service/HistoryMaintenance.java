package io.cinema.auth.account.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountConfig;
import io.cinema.auth.account.AuthHistory;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the monthly partitions of the login history: creates the next months ahead (moving any rows that landed in
 * the default partition into their month) and drops whole months older than {@code auth.history-retention}, taking
 * their rows out of the users' month counts in the same transaction. Guarded by a PostgreSQL advisory lock, so one
 * replica does it at a time.
 */
@Singleton
public class HistoryMaintenance {

    static final int MONTHS_AHEAD = 3;
    private static final long LOCK = 0x4869_7374_6f72L;

    @Inject
    Clock clock;
    @Inject
    AccountConfig config;

    @Scheduled(every = "6h", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            run();
        } catch (RuntimeException e) {
            Log.warnf("login-history maintenance failed (%s); it runs again later", e.getClass().getSimpleName());
        }
    }

    /** Returns the names of the partitions dropped. */
    public List<String> run() {
        return QuarkusTransaction.requiringNew().call(() -> {
            var em = AuthHistory.getEntityManager();
            boolean locked = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + LOCK + ")")
                    .getSingleResult();
            if (!locked) {
                return List.<String>of();
            }
            YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
            // the current month too: rows that landed in the default partition are moved into it
            for (int m = 0; m <= MONTHS_AHEAD; m++) {
                LocalDate first = now.plusMonths(m).atDay(1);
                em.createNativeQuery("SELECT auth_history_ensure_partition(CAST(?1 AS date))")
                        .setParameter(1, first.toString()).getSingleResult();
            }
            LocalDate cutoff = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(config.historyRetention().toDays());
            @SuppressWarnings("unchecked")
            List<String> partitions = em.createNativeQuery("""
                    SELECT c.relname FROM pg_inherits i
                    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
                    WHERE p.relname = 'auth_history' AND c.relname ~ '^auth_history_[0-9]{4}_[0-9]{2}$'""")
                    .getResultList();
            List<String> dropped = new java.util.ArrayList<>();
            for (String name : partitions) {
                YearMonth month = YearMonth.of(Integer.parseInt(name.substring(13, 17)), Integer.parseInt(name.substring(18, 20)));
                // a month is dropped only when all of it is older than the retention
                if (month.plusMonths(1).atDay(1).isBefore(cutoff) || month.plusMonths(1).atDay(1).isEqual(cutoff)) {
                    dropped.add(name);
                }
            }
            if (!dropped.isEmpty()) {
                uncount(dropped);
            }
            for (String name : dropped) {
                em.createNativeQuery("DROP TABLE IF EXISTS " + name).executeUpdate();
            }
            em.createNativeQuery("DELETE FROM auth_history_default WHERE occurred_at < CAST(?1 AS date)")
                    .setParameter(1, cutoff.toString()).executeUpdate();
            if (!dropped.isEmpty()) {
                Log.infof("login history: dropped partitions %s (older than %s)", dropped, config.historyRetention());
            }
            return dropped;
        });
    }

    /**
     * Takes the rows of partitions about to be dropped out of the month counts ({@code auth_history_month_counts}),
     * in the caller's transaction: a DROP fires no delete trigger. The partitions' own rows are counted, per user and
     * UTC month, so the subtraction is exact whatever time zone their bounds were made in (a month's partition made
     * in another zone holds the edge of a neighbouring UTC month, which keeps the rest of its count). The partitions
     * are locked against writes first (readers go on), so no row lands in them between the count and the drop; the
     * counts left at 0 are deleted, so a row of the count table always stands for rows of the history.
     */
    private static void uncount(List<String> partitions) {
        var em = AuthHistory.getEntityManager();
        em.createNativeQuery("LOCK TABLE " + String.join(", ", partitions) + " IN SHARE MODE").executeUpdate();
        String rows = partitions.stream().map(p -> "SELECT user_id, occurred_at FROM " + p)
                .collect(Collectors.joining(" UNION ALL "));
        // one scan of the partitions; the update then the delete, so an insert that changed a count meanwhile (into
        // another partition of the same UTC month) is waited for and kept
        em.createNativeQuery("CREATE TEMP TABLE auth_history_dropped_counts ON COMMIT DROP AS"
                + " SELECT user_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS month, count(*) AS n"
                + " FROM (" + rows + ") h WHERE user_id IS NOT NULL GROUP BY 1, 2").executeUpdate();
        em.createNativeQuery("""
                UPDATE auth_history_month_counts c SET n = c.n - d.n FROM auth_history_dropped_counts d
                WHERE c.user_id = d.user_id AND c.month = d.month""").executeUpdate();
        em.createNativeQuery("""
                DELETE FROM auth_history_month_counts c USING auth_history_dropped_counts d
                WHERE c.user_id = d.user_id AND c.month = d.month AND c.n <= 0""").executeUpdate();
        em.createNativeQuery("DROP TABLE auth_history_dropped_counts").executeUpdate();
    }
}
