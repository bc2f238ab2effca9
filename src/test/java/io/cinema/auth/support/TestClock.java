package io.cinema.auth.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

/**
 * The service's clock in tests: the system clock unless a test freezes or shifts it, so time-window rules (TOTP
 * steps, expiry) are tested without sleeping. A test that changes it must call {@link #reset()} when it ends.
 */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends Clock {

    private volatile Instant frozenAt;
    private volatile Duration offset = Duration.ZERO;

    @Override
    public Instant instant() {
        Instant f = frozenAt;
        return f != null ? f : Instant.now().plus(offset);
    }

    /**
     * Stops the clock at {@code at}, to the microsecond, until {@link #advance} or {@link #reset}. PostgreSQL keeps
     * microseconds and rounds the nanoseconds of a stored instant half up, so a deadline stored from a clock frozen
     * at a nanosecond instant could end up to half a microsecond later than the test computes it.
     */
    public void freeze(Instant at) {
        frozenAt = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** Stops the clock one second into the current 30-second TOTP step, so a test's codes cannot straddle two steps. */
    public void freezeAtTheStartOfATotpStep() {
        long now = Instant.now().getEpochSecond();
        freeze(Instant.ofEpochSecond(now - Math.floorMod(now, 30) + 1));
    }

    /** Moves the clock forward (or back, with a negative duration), frozen or not. */
    public void advance(Duration d) {
        Instant f = frozenAt;
        if (f != null) {
            frozenAt = f.plus(d);
        } else {
            offset = offset.plus(d);
        }
    }

    /** Back to the system clock. */
    public void reset() {
        frozenAt = null;
        offset = Duration.ZERO;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The service works in UTC; a zone would only change how instants print, so it is ignored. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
