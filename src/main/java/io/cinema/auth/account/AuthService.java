package io.cinema.auth.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AuthRequests.LoginRequest;
import io.cinema.auth.account.AuthRequests.RefreshRequest;
import io.cinema.auth.account.AuthRequests.SignupRequest;
import io.cinema.auth.account.LoginHistory.Event;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.AuthConfig;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.AccessTokens;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.RefreshTokens;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.StateCache;
import io.cinema.auth.token.TokenPairResponse;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Signup, login, refresh and logout. Password hashing runs outside any transaction (no connection is held while it
 * hashes); each change and its history row commit in one short transaction; caches are updated after the commit.
 */
@Singleton
public class AuthService {

    /** A session just opened, before its access token is signed. */
    public record Opened(UUID userId, String username, Session session, String refreshToken, Instant refreshExpiresAt) {
    }

    private record Candidate(UUID id, String passwordHash, boolean active, boolean totpEnabled) {
    }

    private sealed interface LoginOutcome {
    }

    private record LoggedIn(Opened opened, List<String> roles) implements LoginOutcome {
    }

    private record SecondFactorFailed(ErrorCode code) implements LoginOutcome {
    }

    private sealed interface RefreshOutcome {
    }

    private record Refreshed(RefreshTokens.Rotated rotated, String username, List<String> roles) implements RefreshOutcome {
    }

    private record ReuseDetected(UUID sessionId, UUID userId) implements RefreshOutcome {
    }

    @Inject
    AuthConfig config;
    @Inject
    Clock clock;
    @Inject
    PasswordHasher hasher;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    LoginHistory history;
    @Inject
    RefreshTokens refreshTokens;
    @Inject
    AccessTokens accessTokens;
    @Inject
    StateCache stateCache;
    @Inject
    UserDirectory directory;
    @Inject
    Metrics metrics;
    @Inject
    jakarta.enterprise.event.Event<Object> events;
    @Inject
    Instance<SecondFactor> secondFactor;

    public TokenPairResponse signup(SignupRequest r, RequestMeta meta) {
        rateLimiter.check("signup-ip", meta.ip(), config.rateLimit().signupPerIp());
        String username = Identifiers.username("username", r.username());
        String email = Identifiers.email("email", r.email());
        PasswordPolicy.check("password", r.password());
        // A cheap look first, so an obvious conflict costs no hash; the unique indexes settle races.
        QuarkusTransaction.requiringNew().run(() -> {
            if (User.findByUsername(username) != null) {
                throw new ApiException(ErrorCode.USERNAME_TAKEN, "This username is taken");
            }
            if (User.findByEmail(email) != null) {
                throw new ApiException(ErrorCode.EMAIL_TAKEN, "This email is taken");
            }
        });
        String hash = hasher.hash(r.password());
        Opened opened;
        try {
            opened = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                User u = User.newAccount(username, email, false, hash, now);
                u.persistAndFlush();
                directory.grantRole(u.id, UserDirectory.USER_ROLE_ID);
                history.record(u.id, Event.SIGNUP, true, meta);
                events.fire(new AccountEvents.Registered(u.id, u.email, false));
                return openSession(u, meta, now);
            });
        } catch (RuntimeException e) {
            throw Conflicts.translate(e);
        }
        metrics.signup();
        Log.infof("signup: user %s created", opened.userId());
        return pair(opened, List.of("user"));
    }

    /** Opens a session with its first refresh token, in the caller's transaction. */
    public Opened openSession(User u, RequestMeta meta, Instant now) {
        Session s = new Session();
        s.id = UUID.randomUUID();
        s.userId = u.id;
        s.createdAt = now;
        s.lastUsedAt = now;
        s.expiresAt = now.plus(config.sessionMaxLifetime());
        s.ipAddress = meta.ip();
        s.userAgent = meta.userAgent();
        s.persist();
        String refresh = refreshTokens.issueFirst(s, now);
        return new Opened(u.id, u.username, s, refresh, refreshTokens.expiryFor(s, now));
    }

    /** Signs the access token of an opened session. */
    public TokenPairResponse pair(Opened o, List<String> roles) {
        String access = accessTokens.issue(o.userId(), o.username(), o.session().id, roles);
        return TokenPairResponse.bearer(access, accessTokens.ttlSeconds(), o.refreshToken(),
                Duration.between(clock.instant(), o.refreshExpiresAt()).toSeconds());
    }

    public TokenPairResponse login(LoginRequest r, RequestMeta meta) {
        rateLimiter.check("login-ip", meta.ip(), config.rateLimit().loginPerIp());
        String key = Identifiers.loginKey(r.login());
        rateLimiter.checkNotLocked(key);
        Candidate c = Identifiers.plausibleLogin(key) ? QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findByLogin(key);
            return u == null ? null : new Candidate(u.id, u.passwordHash, u.active, u.totpEnabled);
        }) : null;
        boolean passwordOk = hasher.verify(r.password(), c == null ? null : c.passwordHash());
        if (!passwordOk) {
            rateLimiter.recordFailure(key);
            QuarkusTransaction.requiringNew().run(() -> history.record(c == null ? null : c.id(), Event.LOGIN_FAILED,
                    false, meta, "bad_credentials"));
            metrics.login("invalid_credentials");
            throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Wrong login or password");
        }
        if (!c.active()) {
            QuarkusTransaction.requiringNew().run(() -> history.record(c.id(), Event.LOGIN_FAILED, false, meta, "disabled"));
            metrics.login("disabled");
            throw new ApiException(ErrorCode.ACCOUNT_DISABLED, "The account is disabled");
        }
        String rehash = hasher.needsRehash(c.passwordHash()) ? hasher.hash(r.password()) : null;
        LoginOutcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(c.id());
            if (u == null || !u.active || !c.passwordHash().equals(u.passwordHash)) {
                // changed while we hashed: treat as a failed attempt rather than guess
                return new SecondFactorFailed(ErrorCode.INVALID_CREDENTIALS);
            }
            if (u.totpEnabled) {
                boolean noCode = blank(r.totpCode()) && blank(r.recoveryCode());
                if (noCode) {
                    return new SecondFactorFailed(ErrorCode.TOTP_REQUIRED);
                }
                if (!secondFactor.isResolvable() || !secondFactor.get().verify(u, r.totpCode(), r.recoveryCode())) {
                    history.record(u.id, Event.LOGIN_FAILED, false, meta, "totp_invalid");
                    return new SecondFactorFailed(ErrorCode.TOTP_INVALID);
                }
            }
            if (rehash != null) {
                u.passwordHash = rehash;
                u.updatedAt = now;
            }
            history.record(u.id, Event.LOGIN, true, meta);
            return new LoggedIn(openSession(u, meta, now), directory.roleNames(u.id));
        });
        if (outcome instanceof SecondFactorFailed f) {
            switch (f.code()) {
                case TOTP_REQUIRED -> {
                    metrics.login("totp_required");
                    throw new ApiException(ErrorCode.TOTP_REQUIRED, "A two-factor code is required");
                }
                case TOTP_INVALID -> {
                    rateLimiter.recordFailure(key);
                    metrics.login("totp_invalid");
                    throw new ApiException(ErrorCode.TOTP_INVALID, "The two-factor code is wrong, expired or used");
                }
                default -> {
                    metrics.login("invalid_credentials");
                    throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "Wrong login or password");
                }
            }
        }
        LoggedIn in = (LoggedIn) outcome;
        rateLimiter.clearFailures(key);
        metrics.login("success");
        return pair(in.opened(), in.roles());
    }

    public TokenPairResponse refresh(RefreshRequest r, RequestMeta meta) {
        UUID sessionId = QuarkusTransaction.requiringNew().call(() -> refreshTokens.sessionOf(r.refreshToken()));
        if (sessionId == null) {
            metrics.refresh("invalid");
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The refresh token is not valid");
        }
        rateLimiter.check("refresh-session", sessionId.toString(), config.rateLimit().refreshPerSession());
        RefreshOutcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            RefreshTokens.Exchange ex = refreshTokens.exchange(r.refreshToken(), now);
            if (ex instanceof RefreshTokens.Reused reused) {
                history.record(reused.session().userId, Event.REFRESH, false, meta, "reuse_detected");
                return new ReuseDetected(reused.session().id, reused.session().userId);
            }
            RefreshTokens.Rotated rotated = (RefreshTokens.Rotated) ex;
            User u = User.findById(rotated.session().userId);
            if (u == null || !u.active) {
                throw new ApiException(ErrorCode.TOKEN_REVOKED, "The session of this refresh token was ended");
            }
            history.record(u.id, Event.REFRESH, true, meta, rotated.retry() ? "retry" : null);
            return new Refreshed(rotated, u.username, directory.roleNames(u.id));
        });
        if (outcome instanceof ReuseDetected reuse) {
            Log.infof("security: refresh token reuse detected, session %s of user %s revoked", reuse.sessionId(),
                    reuse.userId());
            stateCache.sessionsRevoked(List.of(reuse.sessionId()));
            metrics.refresh("reuse");
            metrics.revoked("refresh_reuse", 1);
            throw new ApiException(ErrorCode.REFRESH_TOKEN_REUSED,
                    "This refresh token was already used; the session is revoked");
        }
        Refreshed done = (Refreshed) outcome;
        metrics.refresh(done.rotated().retry() ? "retry" : "success");
        Session s = done.rotated().session();
        String access = accessTokens.issue(s.userId, done.username(), s.id, done.roles());
        return TokenPairResponse.bearer(access, accessTokens.ttlSeconds(), done.rotated().value(),
                Duration.between(clock.instant(), done.rotated().expiresAt()).toSeconds());
    }

    public void logout(Principal p, String refreshToken, RequestMeta meta) {
        List<UUID> revoked = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            List<UUID> ids = new java.util.ArrayList<>();
            Session s = Session.findForUpdate(p.sessionId());
            if (s != null && s.revokedAt == null) {
                s.revokedAt = now;
                s.revokeReason = "logout";
                ids.add(s.id);
            }
            UUID other = refreshToken == null ? null : refreshTokens.sessionOf(refreshToken);
            if (other != null && !other.equals(p.sessionId())) {
                Session o = Session.findForUpdate(other);
                if (o != null && o.userId.equals(p.userId()) && o.revokedAt == null) {
                    o.revokedAt = now;
                    o.revokeReason = "logout";
                    ids.add(o.id);
                }
            }
            history.record(p.userId(), Event.LOGOUT, true, meta);
            return ids;
        });
        stateCache.sessionsRevoked(revoked);
        metrics.revoked("logout", revoked.size());
    }

    public void logoutOthers(Principal p, RequestMeta meta) {
        List<UUID> revoked = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> ids = Session.revokeAllOf(p.userId(), p.sessionId(), clock.instant(), "logout_others");
            history.record(p.userId(), Event.SESSION_REVOKED, true, meta, "logout_others");
            return ids;
        });
        stateCache.sessionsRevoked(revoked);
        metrics.revoked("logout_others", revoked.size());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
