package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class OutagesTest {

    @Test
    void aRedisCallPastItsTimeoutIsAnOutageNotABug() {
        Throwable timedOut = null;
        try {
            Uni.createFrom().nothing().await().atMost(Duration.ofMillis(10));
        } catch (RuntimeException e) {
            timedOut = e;
        }
        assertTrue(Outages.isDependencyFailure(timedOut), String.valueOf(timedOut));
        Throwable asyncTimedOut = null;
        try {
            Uni.createFrom().nothing().ifNoItem().after(Duration.ofMillis(10)).fail().await().indefinitely();
        } catch (RuntimeException e) {
            asyncTimedOut = e;
        }
        assertTrue(Outages.isDependencyFailure(asyncTimedOut), String.valueOf(asyncTimedOut));
    }

    @Test
    void aRefusedConnectionDeepInTheChainIsAnOutage() {
        assertTrue(Outages.isDependencyFailure(new IllegalStateException("wrapped", new ConnectException("refused"))));
    }

    @Test
    void anOrdinaryBugIsNoOutage() {
        assertFalse(Outages.isDependencyFailure(new NullPointerException("x")));
        assertFalse(Outages.isDependencyFailure(new IllegalArgumentException("timeout in the message only")));
    }
}
