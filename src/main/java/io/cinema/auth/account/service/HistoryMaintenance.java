package io.cinema.auth.account.service;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountConfig;
import io.cinema.auth.account.AuthHistory;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Keeps the monthly partitions of the login history: creates the next months ahead (moving any rows that landed in
 * the default partition into their month) and drops whole months older than {@code auth.history-retention}. Guarded
 * by a PostgreSQL advisory lock, so one replica does it at a time.
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
                    em.createNativeQuery("DROP TABLE IF EXISTS " + name).executeUpdate();
                    dropped.add(name);
                }
            }
            em.createNativeQuery("DELETE FROM auth_history_default WHERE occurred_at < CAST(?1 AS date)")
                    .setParameter(1, cutoff.toString()).executeUpdate();
            if (!dropped.isEmpty()) {
                Log.infof("login history: dropped partitions %s (older than %s)", dropped, config.historyRetention());
            }
            return dropped;
        });
    }
}
