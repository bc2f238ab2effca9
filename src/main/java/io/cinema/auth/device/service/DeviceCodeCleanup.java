package io.cinema.auth.device.service;

import java.time.Clock;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.device.DeviceCode;
import io.cinema.auth.support.BatchedDelete;
import io.cinema.auth.support.CleanupConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes device authorization requests {@code auth.cleanup.retention} (7 days) after their expiry, in batches of
 * {@code auth.cleanup.batch-size} rows, one replica at a time ({@link BatchedDelete}). Until then a late poll still
 * hears expired_token, access_denied or invalid_grant as it should; afterwards its code is unknown, invalid_grant,
 * which tells a TV the same: start again. The TV session an approval opened lives on its own.
 */
@Singleton
public class DeviceCodeCleanup {

    private static final long LOCK = 0x4465_7643_6f64L;

    @Inject
    Clock clock;
    @Inject
    CleanupConfig config;

    @Scheduled(identity = "device-code-cleanup", every = "${auth.cleanup.every:1h}", delayed = "7m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            long n = purge();
            if (n > 0) {
                Log.debugf("device: %d expired device authorization requests deleted", n);
            }
        } catch (RuntimeException e) {
            Log.warnf("cleanup of device authorization requests failed (%s); it runs again later", e.toString());
        }
    }

    /** Returns how many rows were deleted. */
    public long purge() {
        return purge(config.batchSize());
    }

    /** Deletes them {@code batchSize} rows per statement; returns how many rows were deleted. */
    public long purge(int batchSize) {
        Instant cutoff = clock.instant().minus(config.retention());
        return BatchedDelete.drain(DeviceCode.getEntityManager(), LOCK, batchSize, n -> deleteExpired(cutoff, n));
    }

    /** At most {@code limit} requests that expired before {@code cutoff}, in the caller's transaction. */
    static long deleteExpired(Instant cutoff, int limit) {
        return DeviceCode.getEntityManager().createNativeQuery("""
                DELETE FROM device_codes WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM device_codes WHERE expires_at <= ?1
                    LIMIT ?2 FOR UPDATE SKIP LOCKED))""")
                .setParameter(1, cutoff).setParameter(2, limit).executeUpdate();
    }
}
