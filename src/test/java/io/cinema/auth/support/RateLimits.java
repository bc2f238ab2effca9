package io.cinema.auth.support;

import java.time.Clock;
import java.time.Duration;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;

/** Test set-up for the rate limits, from any package: a subject's budget spent up to a point, without the calls. */
public final class RateLimits {

    private RateLimits() {
    }

    /**
     * Puts a GCRA limit's theoretical arrival time {@code ahead} of the clock, as if that much of its period had been
     * spent, and keeps it in Redis for a minute longer than that. The limiter's own writes expire a key when its
     * time has passed in Redis's real time, which a frozen test clock does not follow: a set-up spent this way does
     * not vanish between two calls of a slow run.
     */
    public static void spend(RedisDataSource redis, RateLimiter limiter, Clock clock, String bucket, String subject,
            Duration ahead) {
        redis.value(String.class).set(limiter.key(bucket, subject), Long.toString(clock.millis() + ahead.toMillis()),
                new SetArgs().px(ahead.plusMinutes(1).toMillis()));
    }
}
