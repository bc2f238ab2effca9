package io.cinema.auth.email;

import java.time.Clock;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.BatchedDelete;
import io.cinema.auth.support.CleanupConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes expired and used mail tokens, {@code auth.cleanup.batch-size} rows per statement, one replica at a time
 * ({@link BatchedDelete}). They go at once, without a retention: an unknown, used, expired or void mail token all get
 * the same answer (400 VALIDATION_FAILED), so the row changes nothing once it is spent.
 */
@Singleton
public class MailTokenCleanup {

    private static final long LOCK = 0x4d61_696c_546bL;

    @Inject
    Clock clock;
    @Inject
    CleanupConfig config;

    @Scheduled(identity = "mail-token-cleanup", every = "${auth.cleanup.every:1h}", delayed = "5m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long n = purge();
            if (n > 0) {
                Log.debugf("email: %d spent mail tokens deleted", n);
            }
        } catch (RuntimeException e) {
            Log.warnf("cleanup of mail tokens failed (%s); it runs again later", e.toString());
        }
    }

    /** Returns how many rows were deleted. */
    public long purge() {
        return purge(config.batchSize());
    }

    /** Deletes them {@code batchSize} rows per statement; returns how many rows were deleted. */
    public long purge(int batchSize) {
        Instant now = clock.instant();
        return BatchedDelete.drain(MailToken.getEntityManager(), LOCK, batchSize, n -> deleteSpent(now, n));
    }

    /** At most {@code limit} spent tokens, in the caller's transaction. */
    static long deleteSpent(Instant now, int limit) {
        return MailToken.getEntityManager().createNativeQuery("""
                DELETE FROM mail_tokens WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM mail_tokens WHERE expires_at <= ?1 OR used_at IS NOT NULL
                    LIMIT ?2 FOR UPDATE SKIP LOCKED))""")
                .setParameter(1, now).setParameter(2, limit).executeUpdate();
    }
}
