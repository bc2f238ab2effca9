package io.cinema.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.BatchedDelete;
import io.cinema.auth.support.CleanupConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;

/**
 * Deletes refresh tokens and sessions once they can no longer change an answer that matters, in batches of
 * {@code auth.cleanup.batch-size} rows ({@link BatchedDelete}: short transactions, one replica at a time).
 *
 * <p>Why a token may go when it goes. A presented refresh token's row decides the answer, in this order
 * ({@link RefreshTokens#exchange}): no row, TOKEN_INVALID; its session revoked, TOKEN_REVOKED; the token past its
 * {@code expires_at} or the session past its absolute end, TOKEN_EXPIRED; the token used, the grace retry or
 * REFRESH_TOKEN_REUSED, which revokes the session. So a used (rotated) token can revoke its session, the point of
 * reuse detection, exactly while it is unexpired and its session lives. Its {@code expires_at} is its issue plus
 * {@code auth.refresh-token-ttl} (30 days), never past the session's end ({@code auth.session-max-lifetime}, 90 days
 * after the login): no used token is deleted before that, since a thief's replay of an old token must still revoke
 * the session for as long as that token could have been exchanged. The grace ({@code auth.refresh-reuse-grace}, 10 s
 * after the exchange, so well before the parent's expiry) needs the parent and its successor, which was issued later
 * in the same session and so expires no earlier: the successor never goes before its parent. Past that, and for
 * every token of a session that was revoked or reached its end (revocation and the end are final), the row only
 * picks between TOKEN_EXPIRED or TOKEN_REVOKED and TOKEN_INVALID, all 401 with the same remedy (log in again). Those
 * rows are kept {@code auth.cleanup.retention} (7 days) longer, so a late client still hears the precise code and
 * clocks of replicas need not agree, and are then deleted.
 *
 * <p>A session goes once it is revoked, or past its absolute end, for longer than the retention, and only once it
 * has no tokens left (its tokens go first, so no statement cascades into an unbounded chain). An access token of a
 * deleted session stays refused: a session row that is missing reads as revoked ({@link StateCache}). A session that
 * is neither revoked nor at its end stays, idle or not.
 */
@Singleton
public class SessionCleanup {

    /** How many rows each step deleted. */
    public record Result(long expiredTokens, long tokensOfRevokedSessions, long endedSessions, long revokedSessions) {
        public long total() {
            return expiredTokens + tokensOfRevokedSessions + endedSessions + revokedSessions;
        }
    }

    static final long LOCK = 0x546f_6b65_6e73L;

    @Inject
    Clock clock;
    @Inject
    CleanupConfig config;

    @Scheduled(identity = "session-cleanup", every = "${auth.cleanup.every:1h}", delayed = "2m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            Result r = run();
            if (r.total() > 0) {
                Log.infof("cleanup: deleted %d expired refresh tokens, %d tokens and %d sessions of revoked sessions,"
                        + " %d ended sessions", r.expiredTokens(), r.tokensOfRevokedSessions(), r.revokedSessions(),
                        r.endedSessions());
            }
        } catch (RuntimeException e) {
            Log.warnf("cleanup of refresh tokens and sessions failed (%s); it runs again later", e.toString());
        }
    }

    /** One cleanup with the configured batch size. */
    public Result run() {
        return run(config.batchSize());
    }

    /** One cleanup, {@code batchSize} rows per statement. */
    public Result run(int batchSize) {
        Instant cutoff = cutoff();
        long expired = BatchedDelete.drain(RefreshToken.getEntityManager(), LOCK, batchSize,
                n -> deleteExpiredTokens(cutoff, n));
        long ofRevoked = BatchedDelete.drain(RefreshToken.getEntityManager(), LOCK, batchSize,
                n -> deleteTokensOfRevokedSessions(cutoff, n));
        long ended = BatchedDelete.drain(Session.getEntityManager(), LOCK, batchSize,
                n -> deleteEmptySessions("expires_at", cutoff, n));
        long revoked = BatchedDelete.drain(Session.getEntityManager(), LOCK, batchSize,
                n -> deleteEmptySessions("revoked_at", cutoff, n));
        return new Result(expired, ofRevoked, ended, revoked);
    }

    /** Rows dead before this instant are deleted. */
    Instant cutoff() {
        Duration keep = config.retention().isNegative() ? Duration.ZERO : config.retention();
        return clock.instant().minus(keep);
    }

    /** At most {@code limit} tokens past their own expiry before {@code cutoff}, used or not; in the caller's transaction. */
    static long deleteExpiredTokens(Instant cutoff, int limit) {
        return RefreshToken.getEntityManager().createNativeQuery("""
                DELETE FROM tokens WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM tokens WHERE expires_at < ?1 LIMIT ?2 FOR UPDATE SKIP LOCKED))""")
                .setParameter(1, cutoff).setParameter(2, limit).executeUpdate();
    }

    /** At most {@code limit} tokens of sessions revoked before {@code cutoff}, oldest revocations first. */
    static long deleteTokensOfRevokedSessions(Instant cutoff, int limit) {
        return RefreshToken.getEntityManager().createNativeQuery("""
                DELETE FROM tokens WHERE ctid = ANY (ARRAY(
                    SELECT t.ctid FROM sessions s JOIN tokens t ON t.session_id = s.id
                    WHERE s.revoked_at < ?1 ORDER BY s.revoked_at LIMIT ?2 FOR UPDATE OF t SKIP LOCKED))""")
                .setParameter(1, cutoff).setParameter(2, limit).executeUpdate();
    }

    /**
     * At most {@code limit} sessions without tokens whose {@code column} (end or revocation) is before the cutoff,
     * oldest first. The candidates are taken first and probed for tokens one by one (a plan that anti-joins every
     * dead session against the whole tokens table would read it all per batch); earlier steps have deleted their
     * tokens, so the oldest candidates are empty.
     */
    static long deleteEmptySessions(String column, Instant cutoff, int limit) {
        return Session.getEntityManager().createNativeQuery("""
                DELETE FROM sessions WHERE ctid = ANY (ARRAY(
                    SELECT s.ctid FROM (SELECT ctid, id FROM sessions WHERE %s < ?1
                                        ORDER BY %s LIMIT ?2 FOR UPDATE SKIP LOCKED) s
                    WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.session_id = s.id)))""".formatted(column, column))
                .setParameter(1, cutoff).setParameter(2, limit).executeUpdate();
    }
}
