package io.cinema.auth.token;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Pushes the cache outbox to Redis each second, on every replica: a change committed while Redis could not be
 * written reaches the cache within about a second of Redis taking writes again. {@code FOR UPDATE SKIP LOCKED}
 * shares the rows between replicas; a batch is deleted in the transaction that pushed it, so a failed push keeps it.
 * A second job reads what is left ({@link CacheTrust}): the entries those changes end are not believed meanwhile.
 */
@Singleton
public class CacheOutboxPusher {

    static final int BATCH = 200;

    @Inject
    StateCache cache;
    @Inject
    CacheTrust trust;

    private volatile boolean failing;

    @Scheduled(identity = "cache-outbox", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        push();
    }

    /**
     * What is still in the outbox, for {@link CacheTrust}: each replica, each second, so that no replica believes an
     * entry a change ended while the change waits here. A job of its own: a push that waits for a Redis that does not
     * answer must not hold it up. PostgreSQL not answering keeps what was read last.
     */
    @Scheduled(identity = "cache-outbox-read", every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void readPending() {
        try {
            long started = trust.outboxReadStarts();
            List<CacheTrust.Target> found = QuarkusTransaction.requiringNew()
                    .call(() -> CacheOutbox.pendingTargets(CacheTrust.MAX_PENDING + 1));
            trust.outboxRead(started, found, found.size() <= CacheTrust.MAX_PENDING);
        } catch (RuntimeException e) {
            Log.debugf("state cache: reading the outbox failed (%s); keeping what was read last", e.toString());
        }
    }

    private void push() {
        try {
            int pushed = 0;
            int batch;
            do {
                batch = pushBatch();
                pushed += batch;
            } while (batch == BATCH);
            if (failing) {
                failing = false;
                Log.infof("state cache: the outbox reaches Redis again (%d change(s) pushed)", pushed);
            } else if (pushed > 0) {
                Log.debugf("state cache: pushed %d outbox change(s)", pushed);
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                Log.warnf("state cache: outbox push failed (%s); retrying each second", e.toString());
            } else {
                Log.debugf("state cache: outbox push still failing (%s)", e.toString());
            }
        }
    }

    /** One batch in one transaction; returns how many rows it pushed. */
    int pushBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<CacheOutbox> rows = CacheOutbox.lockOldest(BATCH);
            cache.push(rows);
            return rows.size();
        });
    }
}
