package io.cinema.auth.token;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.ServiceSecret;

/**
 * Refresh-token rotation. A successor is derived from the presented token with a keyed PRF, so a retry within the
 * grace recomputes the same successor although only hashes are stored. Callers run these methods in a transaction.
 * {@link #exchange} decides and writes nothing for a rotation: its caller writes the {@link Rotated} with its history
 * row in one statement ({@code account.service.RefreshRotation}), so a refresh is two statements and a commit.
 */
@Singleton
public class RefreshTokens {

    /** What an exchange decided. */
    public sealed interface Exchange {
    }

    /**
     * The token was exchanged (or re-presented within the grace): {@code value} is the successor to hand out. Nothing
     * is written yet: for a first exchange, {@code presented} (the locked row) is to be marked used with {@code next}
     * (a row not persisted) as its successor; for a retry {@code next} is null and only the session is touched. None
     * of the entities is managed, so no flush writes them twice.
     */
    public record Rotated(Session session, String value, Instant expiresAt, boolean retry, RefreshToken presented,
            RefreshToken next, Instant at) implements Exchange {
    }

    /** The token was presented again outside the grace: the caller revokes the session and commits. */
    public record Reused(Session session) implements Exchange {
    }

    private static final int TOKEN_BYTES = 32;

    private final TokenConfig config;
    private final SecureRandom random;
    private final byte[] successorKey;

    @Inject
    public RefreshTokens(TokenConfig config, SecureRandom random, ServiceSecret secret) {
        this.config = config;
        this.random = random;
        this.successorKey = secret.derive("refresh-successor");
    }

    public static byte[] hash(String value) {
        return Crypto.sha256(value);
    }

    String successorOf(String value) {
        return Crypto.base64Url(Crypto.hmacSha256(successorKey, value));
    }

    /** Issues the first refresh token of a new session; returns its value. */
    public String issueFirst(Session session, Instant now) {
        String value = Crypto.randomToken(random, TOKEN_BYTES);
        persist(session, value, now);
        return value;
    }

    public Instant expiryFor(Session session, Instant now) {
        Instant own = now.plus(config.refreshTokenTtl());
        return own.isBefore(session.expiresAt) ? own : session.expiresAt;
    }

    private RefreshToken persist(Session session, String value, Instant now) {
        RefreshToken t = row(session, value, now);
        t.persist();
        return t;
    }

    private RefreshToken row(Session session, String value, Instant now) {
        RefreshToken t = new RefreshToken();
        t.id = UUID.randomUUID();
        t.sessionId = session.id;
        t.userId = session.userId;
        t.tokenHash = hash(value);
        t.createdAt = now;
        t.expiresAt = expiryFor(session, now);
        return t;
    }

    /**
     * Exchanges a presented refresh token. Throws TOKEN_INVALID (unknown), TOKEN_REVOKED (session revoked) or
     * TOKEN_EXPIRED (past its life or the session's end); returns {@link Reused} for a replay outside the grace,
     * whose session the caller revokes and commits before answering REFRESH_TOKEN_REUSED. {@code beforeChange} runs on
     * the session once the token and its session are locked (one statement locks both) and before anything is written
     * (a per-session limit that refuses leaves both untouched). A {@link Rotated} is written by the caller.
     */
    public Exchange exchange(String presented, Instant now, Consumer<Session> beforeChange) {
        if (!wellFormed(presented)) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The refresh token is not valid");
        }
        RefreshToken.Locked locked = RefreshToken.findWithSessionForUpdate(hash(presented));
        if (locked == null) {
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The refresh token is not valid");
        }
        RefreshToken token = locked.token();
        Session session = locked.session();
        if (session.revokedAt != null) {
            throw new ApiException(ErrorCode.TOKEN_REVOKED, "The session of this refresh token was ended");
        }
        if (!token.expiresAt.isAfter(now) || !session.expiresAt.isAfter(now)) {
            throw new ApiException(ErrorCode.TOKEN_EXPIRED, "The refresh token has expired; log in again");
        }
        beforeChange.accept(session);
        if (token.used) {
            String successor = successorOf(presented);
            boolean withinGrace = token.usedAt != null && !now.isAfter(token.usedAt.plus(config.refreshReuseGrace()));
            if (withinGrace && Crypto.constantTimeEquals(hash(successor), token.successorHash)) {
                RefreshToken next = RefreshToken.findByHash(token.successorHash);
                if (next != null && !next.used) {
                    return new Rotated(session, successor, next.expiresAt, true, token, null, now);
                }
            }
            // the caller revokes it through Hibernate: the managed row (locked above already)
            return new Reused(Session.findForUpdate(session.id));
        }
        String successor = successorOf(presented);
        RefreshToken next = row(session, successor, now);
        return new Rotated(session, successor, next.expiresAt, false, token, next, now);
    }

    /** The session a refresh token belongs to, or null; used by logout to check the token is the caller's. */
    public UUID sessionOf(String presented) {
        if (!wellFormed(presented)) {
            return null;
        }
        RefreshToken t = RefreshToken.findByHash(hash(presented));
        return t == null ? null : t.sessionId;
    }

    private static boolean wellFormed(String value) {
        if (value == null || value.length() < 32 || value.length() > 128) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                return false;
            }
        }
        return true;
    }
}
