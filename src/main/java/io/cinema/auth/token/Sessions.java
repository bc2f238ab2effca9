package io.cinema.auth.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.Metrics;
import io.cinema.auth.support.RequestMeta;

/**
 * The one owner of sessions: opening one (with its first refresh token), signing its token pair, and revoking one,
 * all but one, or all of a user's, each with its cache update on commit and its metric. Every method runs in the
 * caller's transaction.
 */
@Singleton
public class Sessions {

    /** A session just opened, before its access token is signed; {@code roles} are the user's current ones. */
    public record Opened(UUID userId, String username, Session session, String refreshToken, Instant refreshExpiresAt,
            List<String> roles) {
        @Override
        public String toString() {
            return "Opened[" + session.id + "]";
        }
    }

    @Inject
    TokenConfig config;
    @Inject
    Clock clock;
    @Inject
    RefreshTokens refreshTokens;
    @Inject
    AccessTokens accessTokens;
    @Inject
    StateCache stateCache;
    @Inject
    UserStateLoader users;
    @Inject
    Metrics metrics;

    /**
     * Opens a session with its first refresh token; {@code authenticatedAt} is when it proved the password (null for
     * a session that never did, which never counts as recently authenticated).
     */
    public Opened open(UUID userId, String username, RequestMeta meta, Instant now, Instant authenticatedAt) {
        Session s = new Session();
        s.id = UUID.randomUUID();
        s.userId = userId;
        s.createdAt = now;
        s.lastUsedAt = now;
        s.authenticatedAt = authenticatedAt;
        s.expiresAt = now.plus(config.sessionMaxLifetime());
        s.ipAddress = meta.ip();
        s.userAgent = meta.userAgent();
        s.persist();
        String refresh = refreshTokens.issueFirst(s, now);
        return new Opened(userId, username, s, refresh, refreshTokens.expiryFor(s, now), users.roles(userId));
    }

    /**
     * Opens the session of a device-flow approval (a TV) for {@code userId}: the TV's own address and user agent,
     * never recently authenticated, its tokens limited to {@code allowedRoles} of the user's. It has no refresh token
     * yet and ends at {@code pickUpBy} (the device code's expiry) unless {@link #pickUp} gives it its first token pair
     * before: a TV that never comes back leaves no live session behind.
     */
    public Session openForDevice(UUID userId, UUID deviceClientId, List<String> allowedRoles, RequestMeta device,
            Instant now, Instant pickUpBy) {
        Session s = new Session();
        s.id = UUID.randomUUID();
        s.userId = userId;
        s.createdAt = now;
        s.lastUsedAt = now;
        s.authenticatedAt = null;
        s.expiresAt = pickUpBy;
        s.ipAddress = device.ip();
        s.userAgent = device.userAgent();
        s.deviceClientId = deviceClientId;
        s.allowedRoles = new ArrayList<>(allowedRoles);
        s.persist();
        return s;
    }

    /**
     * The first token pair of a device-flow session (locked by the caller, live): its absolute end becomes a normal
     * session's, and its first refresh token is issued. Null when the user is gone or disabled.
     */
    public Opened pickUp(Session s, Instant now) {
        UserState state = users.load(s.userId);
        if (state == null || !state.active()) {
            return null;
        }
        // counted from the login, the approval, as for any session
        s.expiresAt = s.createdAt.plus(config.sessionMaxLifetime());
        s.lastUsedAt = now;
        String refresh = refreshTokens.issueFirst(s, now);
        return new Opened(s.userId, state.username(), s, refresh, refreshTokens.expiryFor(s, now),
                tokenRoles(state.roles(), s.allowedRoles, config.adminRole()));
    }

    /**
     * The roles a session's tokens carry: the user's, or for a device-flow session only those in {@code allowed}.
     * Never superuser or the administrator role for such a session, even if the configuration came to name a role
     * the TV client holds: a TV never administers.
     */
    public static List<String> tokenRoles(List<String> userRoles, List<String> allowed, Optional<String> adminRole) {
        if (allowed == null) {
            return userRoles;
        }
        String admin = adminRole.map(a -> a.toLowerCase(Locale.ROOT)).orElse(null);
        return userRoles.stream().filter(allowed::contains).filter(r -> !UserState.SUPERUSER.equals(r))
                .filter(r -> !r.toLowerCase(Locale.ROOT).equals(admin)).toList();
    }

    /** Signs the access token of an opened session. */
    public TokenPairResponse pair(Opened o) {
        String access = accessTokens.issue(o.userId(), o.username(), o.session().id, o.roles());
        return TokenPairResponse.bearer(access, accessTokens.ttlSeconds(), o.refreshToken(),
                Duration.between(clock.instant(), o.refreshExpiresAt()).toSeconds());
    }

    /** Revokes one live session (locked by the caller or not); false when it was not live. */
    public boolean revoke(Session s, String reason) {
        if (s == null || s.revokedAt != null) {
            return false;
        }
        s.revoke(clock.instant(), reason);
        revoked(List.of(s.id), reason);
        return true;
    }

    /** Revokes every live session of the user except {@code keep} (may be null); returns the revoked ids. */
    public List<UUID> revokeAllOf(UUID userId, UUID keep, String reason) {
        Instant now = clock.instant();
        List<UUID> ids = new ArrayList<>();
        for (Session s : Session.findUnrevokedByUser(userId)) {
            if (!s.id.equals(keep)) {
                s.revoke(now, reason);
                ids.add(s.id);
            }
        }
        revoked(ids, reason);
        return ids;
    }

    /**
     * Revokes every session a device client signed in, in the caller's transaction (a TV client disabled or deleted:
     * its TVs are signed out at once, whichever endpoint they refresh at); returns their ids.
     */
    public List<UUID> revokeAllOfDeviceClient(UUID clientId, String reason) {
        Instant now = clock.instant();
        List<UUID> ids = new ArrayList<>();
        for (Session s : Session.findUnrevokedByDeviceClient(clientId)) {
            s.revoke(now, reason);
            ids.add(s.id);
        }
        revoked(ids, reason);
        return ids;
    }

    /** Sessions revoked in this transaction: the cache learns it on commit (through the outbox), the metric counts. */
    void revoked(Collection<UUID> ids, String reason) {
        if (!ids.isEmpty()) {
            stateCache.revokeSessionsOnCommit(ids);
            metrics.revoked(reason, ids.size());
        }
    }
}
