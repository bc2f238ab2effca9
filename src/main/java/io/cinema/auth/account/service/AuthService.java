package io.cinema.auth.account.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.AuthRequests.LoginRequest;
import io.cinema.auth.account.AuthRequests.MfaRequest;
import io.cinema.auth.account.AuthRequests.RefreshRequest;
import io.cinema.auth.account.AuthRequests.SignupRequest;
import io.cinema.auth.account.Identifiers;
import io.cinema.auth.account.LoginHistory.Event;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge.Kind;
import io.cinema.auth.account.MfaChallenge.PendingLink;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.SecondFactor;
import io.cinema.auth.account.User;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Metrics;
import io.cinema.auth.support.RateLimitConfig;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.Tx;
import io.cinema.auth.token.AccessTokens;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.RefreshTokens;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.Sessions.Opened;
import io.cinema.auth.token.Sessions;
import io.cinema.auth.token.StateCache;
import io.cinema.auth.token.TokenConfig;
import io.cinema.auth.token.TokenPairResponse;
import io.cinema.auth.token.UserState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Signup, login (with its second factor), refresh and logout. Password hashing runs outside any transaction (no
 * connection is held while it hashes); each change and its history row commit in one short transaction; caches are
 * updated after the commit. Every check of a password or a code first takes its place in the account's brute-force
 * count ({@link RateLimiter#attempt}).
 */
@Singleton
public class AuthService {

    private record Candidate(UUID id, String passwordHash, boolean active) {
    }

    private record Refreshed(RefreshTokens.Rotated rotated, String username, List<String> roles) {
    }

    @Inject
    RateLimitConfig limits;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;
    @Inject
    PasswordHasher hasher;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    LoginHistory history;
    @Inject
    RefreshTokens refreshTokens;
    @Inject
    RefreshRotation rotation;
    @Inject
    AccessTokens accessTokens;
    @Inject
    Sessions sessions;
    @Inject
    StateCache stateCache;
    @Inject
    Accounts accounts;
    @Inject
    Metrics metrics;
    @Inject
    TokenConfig tokenConfig;
    @Inject
    jakarta.enterprise.event.Event<Object> events;
    @Inject
    Instance<SecondFactor> secondFactor;

    public TokenPairResponse signup(SignupRequest r, RequestMeta meta) {
        rateLimiter.checkClient("signup-ip", meta.ip(), limits.signupPerIp());
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
                User u = accounts.register(username, email, false, hash, meta, now);
                history.record(u.id, Event.SIGNUP, true, meta);
                return sessions.open(u.id, u.username, meta, now, now);
            });
        } catch (RuntimeException e) {
            throw Conflicts.translate(e);
        }
        metrics.signup();
        Log.infof("signup: user %s created", opened.userId());
        return sessions.pair(opened);
    }

    /** Opens the session of a login that passed all its factors; in the caller's transaction. */
    public Opened loggedIn(User u, RequestMeta meta, Instant now) {
        return sessions.open(u.id, u.username, meta, now, now);
    }

    /**
     * The refusal of a login whose first factor passed on an account with two-factor on: a challenge is opened (in
     * the caller's transaction, which must commit) and its token travels in the problem body.
     */
    public ApiException secondFactorRequired(User u, Kind kind, String provider, PendingLink link, RequestMeta meta,
            Instant now) {
        MfaChallenge.Issued issued = MfaChallenge.open(u.id, kind, provider, link, now, random);
        history.record(u.id, Event.SECOND_FACTOR_REQUIRED, true, meta, provider);
        return new ApiException(ErrorCode.TOTP_REQUIRED, "A two-factor code is required: send it with the mfa_token")
                .with("mfa_token", issued.token());
    }

    public TokenPairResponse login(LoginRequest r, RequestMeta meta) {
        rateLimiter.checkClient("login-ip", meta.ip(), limits.loginPerIp());
        String name = Identifiers.loginKey(r.login());
        Candidate c = Identifiers.plausibleLogin(name) ? QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findByLogin(name);
            return u == null ? null : new Candidate(u.id, u.passwordHash, u.active);
        }) : null;
        String subject = RateLimiter.bruteForceSubject(c == null ? null : c.id(), name);
        rateLimiter.attempt(subject);
        return counted(subject, () -> {
            if (!hasher.verify(r.password(), c == null ? null : c.passwordHash())) {
                QuarkusTransaction.requiringNew().run(() -> history.record(c == null ? null : c.id(),
                        Event.LOGIN_FAILED, false, meta, "bad_credentials"));
                throw invalidCredentials();
            }
            if (!c.active()) {
                QuarkusTransaction.requiringNew().run(() -> history.record(c.id(), Event.LOGIN_FAILED, false, meta,
                        "disabled"));
                throw disabled();
            }
            String rehash = hasher.needsRehash(c.passwordHash()) ? hasher.hash(r.password()) : null;
            return Tx.refusalsCommit(() -> {
                Instant now = clock.instant();
                User u = User.findForUpdate(c.id());
                if (u == null || !u.active || !c.passwordHash().equals(u.passwordHash)) {
                    throw invalidCredentials(); // changed while we hashed: a failed attempt rather than a guess
                }
                if (u.totpEnabled) {
                    if (blank(r.totpCode()) && blank(r.recoveryCode())) {
                        throw secondFactorRequired(u, Kind.PASSWORD, null, null, meta, now);
                    }
                    checkSecondFactor(u, r.totpCode(), r.recoveryCode(), meta);
                }
                if (rehash != null) {
                    u.passwordHash = rehash;
                    u.updatedAt = now;
                }
                history.record(u.id, Event.LOGIN, true, meta);
                return loggedIn(u, meta, now);
            });
        });
    }

    /**
     * Runs a login's checks and its transaction, then clears the brute-force count and signs the pair; every outcome,
     * refusals included, is counted in {@code auth.logins}.
     */
    private TokenPairResponse counted(String subject, Supplier<Opened> login) {
        try {
            Opened opened = login.get();
            rateLimiter.clearAttempts(subject);
            metrics.login("success");
            return sessions.pair(opened);
        } catch (ApiException e) {
            metrics.login(outcome(e.code()));
            throw e;
        }
    }

    /** Finishes a password or social login that answered TOTP_REQUIRED, with a one-time or recovery code. */
    public TokenPairResponse finishMfa(MfaRequest r, RequestMeta meta) {
        boolean hasTotp = !blank(r.totpCode());
        boolean hasRecovery = !blank(r.recoveryCode());
        if (hasTotp == hasRecovery) {
            throw ApiException.validation("totp_code", "give a totp_code or a recovery_code");
        }
        MfaChallenge peek = QuarkusTransaction.requiringNew().call(() -> MfaChallenge.findUsable(r.mfaToken(),
                clock.instant()));
        if (peek == null) {
            throw voidMfaToken();
        }
        String subject = RateLimiter.bruteForceSubject(peek.userId, null);
        rateLimiter.attempt(subject);
        return counted(subject, () -> Tx.refusalsCommit(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(peek.userId);
            MfaChallenge ch = MfaChallenge.findUsableForUpdate(r.mfaToken(), now);
            if (u == null || ch == null || !u.active || !u.totpEnabled) {
                throw voidMfaToken();
            }
            try {
                checkSecondFactor(u, r.totpCode(), r.recoveryCode(), meta);
            } catch (ApiException wrong) {
                ch.failed();
                throw wrong;
            }
            ch.usedAt = now;
            if (ch.kind() == Kind.SOCIAL) {
                PendingLink link = ch.pendingLink();
                if (link != null) {
                    events.fire(new AccountEvents.ProviderJoinConfirmed(u.id, link.provider(), link.socialId(),
                            link.email(), meta));
                }
                history.record(u.id, Event.SOCIAL_LOGIN, true, meta, ch.provider);
            } else {
                history.record(u.id, Event.LOGIN, true, meta);
            }
            return loggedIn(u, meta, now);
        }));
    }

    /**
     * Checks a one-time or recovery code of a user whose row the caller holds locked; a wrong one is recorded and
     * refused (the caller's transaction commits the record).
     */
    public void checkSecondFactor(User u, String totpCode, String recoveryCode, RequestMeta meta) {
        if (!secondFactor.isResolvable() || !secondFactor.get().verify(u, totpCode, recoveryCode)) {
            history.record(u.id, Event.LOGIN_FAILED, false, meta, "totp_invalid");
            throw new ApiException(ErrorCode.TOTP_INVALID, "The two-factor code is wrong, expired or used");
        }
    }

    /**
     * Rotates a refresh token in one short transaction: the token and its session locked by one statement, the
     * per-session limit, then the successor, the used mark, the session's last use and the history row written by one
     * more ({@link RefreshRotation}); the user's state (active flag, name, roles) comes from the state cache, so a
     * rotation reads PostgreSQL only for the rows it changes.
     */
    public TokenPairResponse refresh(RefreshRequest r, RequestMeta meta) {
        return refresh(r, meta, null);
    }

    /**
     * {@link #refresh(RefreshRequest, RequestMeta)} for a device client that names itself at the token endpoint
     * ({@code client}, its row id; null when none is named): a refresh token of a session that client did not sign in
     * is TOKEN_INVALID (RFC 6749 §6: a refresh token is bound to its client), decided before anything changes, so a
     * token presented under another client's name is neither used up nor counted as reuse.
     */
    public TokenPairResponse refresh(RefreshRequest r, RequestMeta meta, UUID client) {
        Refreshed done;
        try {
            done = Tx.refusalsCommit(() -> {
                Instant now = clock.instant();
                RefreshTokens.Exchange ex = refreshTokens.exchange(r.refreshToken(), now, session -> {
                    if (client != null && !client.equals(session.deviceClientId)) {
                        throw new ApiException(ErrorCode.TOKEN_INVALID, "This refresh token was not issued to "
                                + "this client");
                    }
                    rateLimiter.check("refresh-session", session.id.toString(), limits.refreshPerSession());
                });
                if (ex instanceof RefreshTokens.Reused reused) {
                    sessions.revoke(reused.session(), "refresh_reuse");
                    history.record(reused.session().userId, Event.REFRESH, false, meta, "reuse_detected");
                    Log.infof("security: refresh token reuse detected, session %s of user %s revoked",
                            reused.session().id, reused.session().userId);
                    throw new ApiException(ErrorCode.REFRESH_TOKEN_REUSED,
                            "This refresh token was already used; the session is revoked");
                }
                RefreshTokens.Rotated rotated = (RefreshTokens.Rotated) ex;
                UserState u = stateCache.user(rotated.session().userId);
                if (u == null || !u.active()) {
                    // refused before anything is written: the token stays as it was
                    throw new ApiException(ErrorCode.TOKEN_REVOKED, "The session of this refresh token was ended");
                }
                rotation.write(rotated, history.row(u.userId(), Event.REFRESH, true, meta,
                        rotated.retry() ? "retry" : null));
                // a TV's session keeps its limit: only the roles it may carry of the user's current ones
                return new Refreshed(rotated, u.username(),
                        Sessions.tokenRoles(u.roles(), rotated.session().allowedRoles, tokenConfig.adminRole()));
            });
        } catch (ApiException e) {
            switch (e.code()) {
                case TOKEN_INVALID -> metrics.refresh("invalid");
                case REFRESH_TOKEN_REUSED -> metrics.refresh("reuse");
                case RATE_LIMITED -> {
                    // counted as a rate-limit hit, not as a refresh
                }
                default -> metrics.refresh("refused");
            }
            throw e;
        }
        metrics.refresh(done.rotated().retry() ? "retry" : "success");
        Session s = done.rotated().session();
        String access = accessTokens.issue(s.userId, done.username(), s.id, done.roles());
        return TokenPairResponse.bearer(access, accessTokens.ttlSeconds(), done.rotated().value(),
                Duration.between(clock.instant(), done.rotated().expiresAt()).toSeconds());
    }

    public void logout(Principal p, String refreshToken, RequestMeta meta) {
        QuarkusTransaction.requiringNew().run(() -> {
            sessions.revoke(Session.findForUpdate(p.sessionId()), "logout");
            UUID other = refreshToken == null ? null : refreshTokens.sessionOf(refreshToken);
            if (other != null && !other.equals(p.sessionId())) {
                Session o = Session.findForUpdate(other);
                if (o != null && o.userId.equals(p.userId())) {
                    sessions.revoke(o, "logout");
                }
            }
            history.record(p.userId(), Event.LOGOUT, true, meta);
        });
    }

    public void logoutOthers(Principal p, RequestMeta meta) {
        QuarkusTransaction.requiringNew().run(() -> {
            sessions.revokeAllOf(p.userId(), p.sessionId(), "logout_others");
            history.record(p.userId(), Event.SESSION_REVOKED, true, meta, "logout_others");
        });
    }

    @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeSpentChallenges() {
        QuarkusTransaction.requiringNew().run(() -> MfaChallenge.deleteExpired(clock.instant()));
    }

    private static String outcome(ErrorCode code) {
        return switch (code) {
            case TOTP_REQUIRED -> "totp_required";
            case TOTP_INVALID -> "totp_invalid";
            case ACCOUNT_DISABLED -> "disabled";
            case RATE_LIMITED -> "rate_limited";
            case INVALID_CREDENTIALS -> "invalid_credentials";
            default -> "refused";
        };
    }

    public static ApiException invalidCredentials() {
        return new ApiException(ErrorCode.INVALID_CREDENTIALS, "Wrong login or password");
    }

    private static ApiException disabled() {
        return new ApiException(ErrorCode.ACCOUNT_DISABLED, "The account is disabled");
    }

    private static ApiException voidMfaToken() {
        return new ApiException(ErrorCode.TOKEN_INVALID, "The mfa_token is unknown, used, expired or no longer valid");
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
