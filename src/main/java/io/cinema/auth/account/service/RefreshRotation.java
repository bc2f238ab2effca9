package io.cinema.auth.account.service;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.inject.Singleton;

import org.hibernate.Session;

import io.cinema.auth.account.AuthHistory;
import io.cinema.auth.token.RefreshToken;
import io.cinema.auth.token.RefreshTokens.Rotated;

/**
 * Writes a refresh-token rotation and its history row in one statement, in the caller's transaction: the successor
 * inserted, the presented token marked used with the successor's hash, the session's last use, the history row. With
 * the one statement that locked the token and its session, a refresh is two statements and a commit (the issue's
 * "one short transaction"), instead of a statement per row. A retry within the grace writes the session's last use
 * and the history row only. Written through the transaction's own JDBC connection, so it commits (or rolls back)
 * with everything else.
 */
@Singleton
public class RefreshRotation {

    private static final String HISTORY = """
            INSERT INTO auth_history (id, user_id, event_type, success, ip_address, user_agent, device, fingerprint,
                detail, occurred_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String ROTATE = """
            WITH next AS (
                INSERT INTO tokens (id, session_id, user_id, token_hash, used, created_at, expires_at)
                VALUES (?, ?, ?, ?, false, ?, ?)
            ), presented AS (
                UPDATE tokens SET used = true, used_at = ?, successor_hash = ? WHERE id = ?
            ), touched AS (
                UPDATE sessions SET last_used_at = ? WHERE id = ?
            )
            """ + HISTORY;

    private static final String RETRY = """
            WITH touched AS (
                UPDATE sessions SET last_used_at = ? WHERE id = ?
            )
            """ + HISTORY;

    public void write(Rotated r, AuthHistory history) {
        AuthHistory.getEntityManager().unwrap(Session.class).doWork(c -> write(c, r, history));
    }

    private static void write(Connection c, Rotated r, AuthHistory h) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(r.next() == null ? RETRY : ROTATE)) {
            int i = 1;
            RefreshToken next = r.next();
            if (next != null) {
                ps.setObject(i++, next.id);
                ps.setObject(i++, next.sessionId);
                ps.setObject(i++, next.userId);
                ps.setBytes(i++, next.tokenHash);
                ps.setObject(i++, utc(next.createdAt));
                ps.setObject(i++, utc(next.expiresAt));
                ps.setObject(i++, utc(r.at()));
                ps.setBytes(i++, next.tokenHash);
                ps.setObject(i++, r.presented().id);
            }
            ps.setObject(i++, utc(r.at()));
            ps.setObject(i++, r.session().id);
            ps.setObject(i++, h.id);
            ps.setObject(i++, h.userId);
            ps.setString(i++, h.eventType);
            ps.setBoolean(i++, h.success);
            text(ps, i++, h.ipAddress);
            text(ps, i++, h.userAgent);
            text(ps, i++, h.device);
            text(ps, i++, h.fingerprint);
            text(ps, i++, h.detail);
            ps.setObject(i, utc(h.occurredAt));
            ps.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private static void text(PreparedStatement ps, int i, String value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.VARCHAR);
        } else {
            ps.setString(i, value);
        }
    }
}
