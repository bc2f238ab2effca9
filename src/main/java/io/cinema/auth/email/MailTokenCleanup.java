package io.cinema.auth.email;

import java.time.Clock;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/** Deletes expired and used mail tokens. Every replica may run it: the delete is idempotent. */
@Singleton
public class MailTokenCleanup {

    @Inject
    Clock clock;

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        long n = purge();
        if (n > 0) {
            Log.debugf("email: %d spent mail tokens deleted", n);
        }
    }

    /** Returns how many rows were deleted. */
    public long purge() {
        return QuarkusTransaction.requiringNew().call(() -> MailToken.deleteSpent(clock.instant()));
    }
}
