package io.cinema.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Whether a positive cache entry (a live session, a user's state, a service client's state) may be believed, on top
 * of its MAC and expiry. Two things make a sealed, unexpired entry stale:
 *
 * <ul>
 * <li>A change committed while Redis could not take it: its row waits in the cache outbox and the entry it should
 * have ended is still in Redis. Every replica reads the outbox's targets from PostgreSQL each second
 * ({@link CacheOutboxPusher}), and the replica that made the change knows them at once ({@link #pendingLocally}), so
 * an entry of a pending target is a miss: its lookup reads PostgreSQL, which has the change.</li>
 * <li>A fail-over: a promoted replica can lack writes its master acknowledged (Redis replicates asynchronously, and
 * {@code WAIT} does not stop Sentinel or a Cluster from promoting a replica that did not acknowledge). Once this
 * replica has seen a Redis read fail ({@link #readFailed}), an entry written before that, plus {@link #CLOCK_SKEW}
 * for replicas' clocks that differ, is a miss; the lookup reads PostgreSQL and writes the entry anew. After an
 * outage the cache is thus cold for a moment, never stale.</li>
 * </ul>
 *
 * An entry's write time is taken as its seal's expiry less {@code auth.state-cache-ttl}: never later than the true
 * write time (a live session's entry can be written with a shorter TTL), so the guess only ever distrusts more.
 * Revocation markers are never in question: they only refuse. On the hot path this is two volatile reads and, while
 * changes are pending, a hash lookup.
 */
@Singleton
public class CacheTrust {

    /** How far apart replicas' clocks may be: an entry written this much after a failed read is still distrusted. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(2);

    /** Past this many pending targets of one kind, every positive entry of that kind is distrusted. */
    static final int MAX_PENDING = 10_000;

    /**
     * How long this replica's own change stays pending without its outbox row: it may be marked before its commit,
     * so a read of the outbox that begins soon after may not see the row yet.
     */
    static final Duration LOCAL_GRACE = Duration.ofSeconds(2);

    /** The outbox's targets as last read, with this replica's own changes since. */
    record Pending(Set<UUID> sessions, Set<UUID> users, Set<UUID> clients, boolean overflow) {
        static final Pending NONE = new Pending(Set.of(), Set.of(), Set.of(), false);
    }

    /** One pending target, as the outbox names it. */
    public record Target(String kind, UUID target) {
    }

    private final Clock clock;
    private final long ttlMs;
    private volatile Pending pending = Pending.NONE;
    private volatile long distrustWrittenBefore = Long.MIN_VALUE;
    /** This replica's own pending changes, by the {@link System#nanoTime} they were added at. */
    private final Map<Target, Long> local = new ConcurrentHashMap<>();

    @Inject
    public CacheTrust(Clock clock, TokenConfig config) {
        this(clock, config.stateCacheTtl());
    }

    CacheTrust(Clock clock, Duration stateCacheTtl) {
        this.clock = clock;
        this.ttlMs = stateCacheTtl.toMillis();
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The hot path
    // -----------------------------------------------------------------------------------------------------------------

    /** Whether a live-session entry sealed to expire at {@code expiresAt} may be believed. */
    public boolean trustsSession(UUID sid, long expiresAt) {
        if (writtenBeforeAnOutage(expiresAt)) {
            return false;
        }
        Pending p = pending;
        return !p.overflow && !p.sessions.contains(sid);
    }

    /** Whether a user-state entry sealed to expire at {@code expiresAt} may be believed. */
    public boolean trustsUser(UUID uid, long expiresAt) {
        if (writtenBeforeAnOutage(expiresAt)) {
            return false;
        }
        Pending p = pending;
        return !p.overflow && !p.users.contains(uid);
    }

    /**
     * Whether a service client's entry sealed to expire at {@code expiresAt} may be believed. The outbox names a client
     * by its row id and the hot path by its client id, so while any client change is pending, no client entry is
     * believed (clients are few, and their changes rare).
     */
    public boolean trustsClient(long expiresAt) {
        if (writtenBeforeAnOutage(expiresAt)) {
            return false;
        }
        Pending p = pending;
        return !p.overflow && p.clients.isEmpty();
    }

    private boolean writtenBeforeAnOutage(long expiresAt) {
        long before = distrustWrittenBefore;
        return before != Long.MIN_VALUE && expiresAt - ttlMs < before;
    }

    // -----------------------------------------------------------------------------------------------------------------
    // What feeds it
    // -----------------------------------------------------------------------------------------------------------------

    /**
     * A Redis read failed: entries written until now, plus the skew, are misses. A read that only ran past its
     * deadline does not count (a slow Redis is no fail-over, and a cold cache would only add load to it): a client
     * reaches a promoted replica only through a new connection, and the old one ends in errors that do count
     * (closed, refused, reset, {@code READONLY}, {@code MASTERDOWN}, ...).
     */
    public void readFailed(Throwable cause) {
        if (deadlineOnly(cause)) {
            return;
        }
        long until = clock.millis() + CLOCK_SKEW.toMillis();
        if (until > distrustWrittenBefore) {
            distrustWrittenBefore = until;
        }
    }

    /** A blocking Redis read: its failure is reported to {@link #readFailed}, then thrown on. */
    public <T> T read(Supplier<T> redisRead) {
        try {
            return redisRead.get();
        } catch (RuntimeException e) {
            readFailed(e);
            throw e;
        }
    }

    private static boolean deadlineOnly(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof io.smallrye.mutiny.TimeoutException
                    || t.getClass().getName().equals("io.vertx.core.impl.NoStackTraceTimeoutException")) {
                return true;
            }
        }
        return false;
    }

    /** Changes this replica committed (or is committing) that Redis did not take: misses at once, here. */
    public void pendingLocally(Collection<Target> targets) {
        if (targets.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        for (Target t : targets) {
            local.put(t, now);
        }
        synchronized (this) {
            pending = merge(pending, targets);
        }
    }

    /** The start of a read of the outbox, for {@link #outboxRead}. */
    public long outboxReadStarts() {
        return System.nanoTime();
    }

    /**
     * The outbox's targets as a read that started at {@code startedAt} found them ({@link CacheOutbox#pendingTargets}),
     * {@code complete} false when there were more than it read. This replica's own changes stay pending until a read
     * that began {@link #LOCAL_GRACE} after them: an earlier one may have missed their rows.
     */
    public void outboxRead(long startedAt, List<Target> found, boolean complete) {
        long graceEnds = startedAt - LOCAL_GRACE.toNanos();
        local.entrySet().removeIf(e -> e.getValue() - graceEnds < 0);
        synchronized (this) {
            Pending fresh = merge(complete ? Pending.NONE : new Pending(Set.of(), Set.of(), Set.of(), true), found);
            pending = merge(fresh, local.keySet());
        }
    }

    private static Pending merge(Pending base, Collection<Target> targets) {
        if (targets.isEmpty()) {
            return base;
        }
        Set<UUID> sessions = new HashSet<>(base.sessions);
        Set<UUID> users = new HashSet<>(base.users);
        Set<UUID> clients = new HashSet<>(base.clients);
        for (Target t : targets) {
            switch (t.kind()) {
                case CacheOutbox.SESSION_REVOKED -> sessions.add(t.target());
                case CacheOutbox.USER_CHANGED -> users.add(t.target());
                case CacheOutbox.CLIENT_CHANGED -> clients.add(t.target());
                default -> {
                    // a kind this replica does not know (a newer replica's): nothing of it is cached here
                }
            }
        }
        boolean overflow = base.overflow || sessions.size() > MAX_PENDING || users.size() > MAX_PENDING
                || clients.size() > MAX_PENDING;
        return overflow ? new Pending(Set.of(), Set.of(), Set.of(), true)
                : new Pending(Set.copyOf(sessions), Set.copyOf(users), Set.copyOf(clients), false);
    }

    /** For tests and the log: how many targets are pending, -1 past {@link #MAX_PENDING}. */
    int pendingCount() {
        Pending p = pending;
        return p.overflow ? -1 : p.sessions.size() + p.users.size() + p.clients.size();
    }
}
