package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cinema.auth.token.CacheTrust.Target;

/** What {@link CacheTrust} believes, with a fixed clock: the rules on their own, without Redis or PostgreSQL. */
class CacheTrustTest {

    static final Duration TTL = Duration.ofMinutes(1);
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final CacheTrust trust = new CacheTrust(clock, TTL);

    /** The expiry of an entry written {@code agoMs} before now with the full TTL. */
    static long writtenAgo(long agoMs) {
        return NOW.toEpochMilli() - agoMs + TTL.toMillis();
    }

    @Test
    void withNothingPendingAndNoFailedReadEveryEntryIsBelieved() {
        assertTrue(trust.trustsSession(UUID.randomUUID(), writtenAgo(50_000)));
        assertTrue(trust.trustsUser(UUID.randomUUID(), writtenAgo(0)));
        assertTrue(trust.trustsClient(writtenAgo(10)));
    }

    @Test
    void aTargetInTheOutboxIsNotBelievedAndTheOthersStillAre() {
        UUID sid = UUID.randomUUID();
        UUID uid = UUID.randomUUID();
        trust.outboxRead(trust.outboxReadStarts(),
                List.of(new Target(CacheOutbox.SESSION_REVOKED, sid), new Target(CacheOutbox.USER_CHANGED, uid)), true);
        assertFalse(trust.trustsSession(sid, writtenAgo(0)));
        assertFalse(trust.trustsUser(uid, writtenAgo(0)));
        assertTrue(trust.trustsSession(UUID.randomUUID(), writtenAgo(0)));
        assertTrue(trust.trustsUser(UUID.randomUUID(), writtenAgo(0)));
        // a session id is no user id: the kinds are kept apart
        assertTrue(trust.trustsUser(sid, writtenAgo(0)));
        assertTrue(trust.trustsClient(writtenAgo(0)), "no client change pending");

        trust.outboxRead(trust.outboxReadStarts(), List.of(), true);
        assertTrue(trust.trustsSession(sid, writtenAgo(0)), "believed again once pushed");
        assertTrue(trust.trustsUser(uid, writtenAgo(0)));
    }

    @Test
    void anyPendingClientChangeMakesEveryClientEntryAMiss() {
        trust.outboxRead(trust.outboxReadStarts(), List.of(new Target(CacheOutbox.CLIENT_CHANGED, UUID.randomUUID())),
                true);
        assertFalse(trust.trustsClient(writtenAgo(0)));
        assertTrue(trust.trustsSession(UUID.randomUUID(), writtenAgo(0)));
    }

    @Test
    void thisReplicasOwnChangeIsAMissAtOnceAndOutlivesAnOutboxReadThatBeganWithinTheGrace() {
        UUID sid = UUID.randomUUID();
        long before = trust.outboxReadStarts();
        trust.pendingLocally(List.of(new Target(CacheOutbox.SESSION_REVOKED, sid)));
        assertFalse(trust.trustsSession(sid, writtenAgo(0)), "at once, before any outbox read");
        // reads that began before the change, or just after it, may not have seen its row
        trust.outboxRead(before, List.of(), true);
        assertFalse(trust.trustsSession(sid, writtenAgo(0)));
        trust.outboxRead(trust.outboxReadStarts(), List.of(), true);
        assertFalse(trust.trustsSession(sid, writtenAgo(0)));
        // a read that began the grace after it did see the outbox as it is: pushed
        trust.outboxRead(System.nanoTime() + CacheTrust.LOCAL_GRACE.toNanos() + 1, List.of(), true);
        assertTrue(trust.trustsSession(sid, writtenAgo(0)));
    }

    @Test
    void anOutboxLargerThanTheReadMakesEveryPositiveEntryAMiss() {
        List<Target> many = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            many.add(new Target(CacheOutbox.SESSION_REVOKED, UUID.randomUUID()));
        }
        trust.outboxRead(trust.outboxReadStarts(), many, false);
        assertFalse(trust.trustsSession(UUID.randomUUID(), writtenAgo(0)));
        assertFalse(trust.trustsUser(UUID.randomUUID(), writtenAgo(0)));
        assertFalse(trust.trustsClient(writtenAgo(0)));
        assertEquals(-1, trust.pendingCount());
        trust.outboxRead(trust.outboxReadStarts(), many, true);
        assertEquals(3, trust.pendingCount());
        assertTrue(trust.trustsUser(UUID.randomUUID(), writtenAgo(0)));
    }

    @Test
    void moreThanMaxPendingTargetsOfOneKindMakeEveryPositiveEntryAMiss() {
        List<Target> many = new ArrayList<>();
        for (int i = 0; i <= CacheTrust.MAX_PENDING; i++) {
            many.add(new Target(CacheOutbox.USER_CHANGED, UUID.randomUUID()));
        }
        trust.outboxRead(trust.outboxReadStarts(), many, true);
        assertFalse(trust.trustsSession(UUID.randomUUID(), writtenAgo(0)));
        assertEquals(-1, trust.pendingCount());
    }

    static final Throwable REFUSED = new io.vertx.core.impl.NoStackTraceThrowable("Connection refused");

    @Test
    void afterAFailedReadAnEntryWrittenBeforeItOrWithinTheClockSkewAfterIsAMiss() {
        UUID sid = UUID.randomUUID();
        assertTrue(trust.trustsSession(sid, writtenAgo(1_000)));
        trust.readFailed(new RuntimeException(new java.net.ConnectException("Connection refused")));
        assertFalse(trust.trustsSession(sid, writtenAgo(1_000)), "written before the failed read");
        assertFalse(trust.trustsUser(UUID.randomUUID(), writtenAgo(0)), "written at the failed read");
        long withinSkew = writtenAgo(-(CacheTrust.CLOCK_SKEW.toMillis() - 1));
        assertFalse(trust.trustsClient(withinSkew), "a replica whose clock is ahead may have written it before");
        long afterSkew = writtenAgo(-(CacheTrust.CLOCK_SKEW.toMillis() + 1));
        assertTrue(trust.trustsSession(sid, afterSkew), "written after the outage: believed");
        assertTrue(trust.trustsClient(afterSkew));
    }

    @Test
    void aReadThatOnlyRanPastItsDeadlineDistrustsNothing() {
        trust.readFailed(new io.smallrye.mutiny.TimeoutException());
        trust.readFailed(new RuntimeException(new java.util.concurrent.TimeoutException("deadline")));
        assertTrue(trust.trustsSession(UUID.randomUUID(), writtenAgo(1_000)));
        trust.readFailed(REFUSED);
        assertFalse(trust.trustsSession(UUID.randomUUID(), writtenAgo(1_000)), "any other failure counts");
    }

    @Test
    void aLiveSessionEntryWrittenWithAShortTtlCountsAsWrittenEarlierSoIsDistrustedNeverBelievedTooSoon() {
        trust.readFailed(REFUSED);
        // written 5 s after the failed read, with a 10 s TTL (its session ends then): looks written 45 s before it
        long expiresAt = NOW.toEpochMilli() + 5_000 + 10_000;
        assertFalse(trust.trustsSession(UUID.randomUUID(), expiresAt));
    }
}
