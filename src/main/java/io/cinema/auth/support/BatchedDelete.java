package io.cinema.auth.support;

import java.util.function.IntToLongFunction;

import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Drains a backlog of rows one bounded delete at a time. Each batch is its own short transaction that first takes a
 * transaction-level PostgreSQL advisory lock, so replicas never clean the same table at once: one that finds the lock
 * taken stops and leaves the rest to the holder. A batch's statements select their rows with {@code LIMIT} and
 * {@code FOR UPDATE SKIP LOCKED}, so a cleanup never waits on a row a request holds, and a request waits at most for
 * one batch.
 */
public final class BatchedDelete {

    private BatchedDelete() {
    }

    /**
     * Runs {@code batch} (given the batch size, returns the rows it deleted) until a batch deletes fewer than
     * {@code batchSize} rows or another replica holds {@code lock}; returns the rows deleted.
     */
    public static long drain(EntityManager em, long lock, int batchSize, IntToLongFunction batch) {
        long total = 0;
        while (true) {
            long n = QuarkusTransaction.requiringNew().call(() -> tryLock(em, lock) ? batch.applyAsLong(batchSize) : -1L);
            if (n < 0) {
                return total;
            }
            total += n;
            if (n < batchSize) {
                return total;
            }
        }
    }

    /** Takes the advisory lock for the rest of the caller's transaction; false when another one holds it. */
    public static boolean tryLock(EntityManager em, long lock) {
        return (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)").setParameter(1, lock)
                .getSingleResult();
    }
}
