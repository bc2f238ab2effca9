package io.cinema.auth.account.service;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountConfig;
import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.AccountModels.ChangePasswordRequest;
import io.cinema.auth.account.AccountModels.HistoryItem;
import io.cinema.auth.account.AccountModels.ReauthRequest;
import io.cinema.auth.account.AccountModels.SessionResponse;
import io.cinema.auth.account.AccountModels.UpdateAccountRequest;
import io.cinema.auth.account.AuthHistory;
import io.cinema.auth.account.DeviceClassifier;
import io.cinema.auth.account.Identifiers;
import io.cinema.auth.account.LoginHistory.Event;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.User;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Page;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestContexts;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.Tx;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.Sessions;
import io.cinema.auth.token.StateCache;
import io.cinema.auth.token.UserStateLoader;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Uni;

/**
 * The caller's own account: profile, password, re-authentication, login history and sessions. Every check of the
 * account's password first takes its place in the account's brute-force count.
 */
@Singleton
public class AccountService {


    private record Credentials(String passwordHash, boolean totpEnabled) {
    }

    @Inject
    AccountConfig config;
    @Inject
    Clock clock;
    @Inject
    PasswordHasher hasher;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    LoginHistory history;
    @Inject
    StateCache stateCache;
    @Inject
    UserStateLoader users;
    @Inject
    CachedProfiles profiles;
    @Inject
    AuthService auth;
    @Inject
    Sessions sessions;
    @Inject
    jakarta.enterprise.event.Event<Object> events;

    /**
     * GET /account for the caller: two reads (the user row and the linked providers) and no transaction; the roles are
     * the caller's, as authentication just read them from the state cache (current to the moment: role changes reach
     * it at commit), so they are not read again.
     */
    /**
     * The caller's account without blocking: from the profile cached beside the user's state, which the bearer check
     * has just read ({@link CachedProfiles}), or from PostgreSQL on a worker thread when the entry has none.
     */
    public Uni<AccountResponse> getAsync(Principal caller, String cachedProfile) {
        AccountResponse cached = profiles.decode(caller, cachedProfile);
        return cached != null ? Uni.createFrom().item(cached) : RequestContexts.onWorker(() -> get(caller));
    }

    public AccountResponse get(Principal caller) {
        User u = User.findById(caller.userId());
        if (u == null) {
            throw ApiException.notFound("User");
        }
        return describe(u, caller.roles());
    }

    /** The account as the contract shows it; in the caller's transaction. */
    public AccountResponse describe(UUID userId) {
        User u = User.findById(userId);
        if (u == null) {
            throw ApiException.notFound("User");
        }
        return describe(u, users.load(userId).roles());
    }

    private AccountResponse describe(User u, List<String> roles) {
        return new AccountResponse(u.id, u.username, u.email, u.emailVerified, u.pendingEmail, u.active, roles,
                u.totpEnabled, profiles.linksOf(u), u.createdAt);
    }

    /**
     * A change of how the account logs in needs the session's last proof of the password within
     * {@code auth.reauth-max-age}: else 401 REAUTH_REQUIRED. In the caller's transaction or none.
     */
    public void requireRecentAuthentication(Principal p) {
        boolean recent = QuarkusTransaction.joiningExisting().call(() -> {
            Session s = Session.findById(p.sessionId());
            return s != null && s.authenticatedWithin(config.reauthMaxAge(), clock.instant());
        });
        if (!recent) {
            throw ApiException.reauthRequired(config.reauthMaxAge());
        }
    }

    /**
     * Adding a factor (two-factor enrolment, a linked provider) needs the account's email verified when it has one,
     * decided before the recent authentication: a factor is never added to an address nobody has proven.
     */
    public void requireVerifiedEmailAndRecentAuthentication(Principal p) {
        QuarkusTransaction.requiringNew().run(() -> {
            User u = User.findById(p.userId());
            if (u == null) {
                throw ApiException.notFound("User");
            }
            if (u.email != null && !u.emailVerified) {
                throw new ApiException(ErrorCode.EMAIL_UNVERIFIED,
                        "Verify the account's email address first (POST /api/v1/account/email/verification)");
            }
            requireRecentAuthentication(p);
        });
    }

    /**
     * Checks {@code password} against the account's hash, counted in the account's brute-force count before it is
     * judged; wrong: 401 INVALID_CREDENTIALS. A success does not reset the count (only a token pair or a reauth do).
     */
    void provePassword(UUID userId, String storedHash, String password, String field) {
        if (password == null || password.isEmpty()) {
            throw ApiException.validation(field, "is required");
        }
        rateLimiter.attempt(RateLimiter.bruteForceSubject(userId, null));
        if (!hasher.verify(password, storedHash)) {
            throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "The password is wrong");
        }
    }

    private Credentials credentials(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findById(userId);
            if (u == null) {
                throw ApiException.notFound("User");
            }
            return new Credentials(u.passwordHash, u.totpEnabled);
        });
    }

    public AccountResponse update(Principal p, UpdateAccountRequest r, RequestMeta meta) {
        if (r.username() == null && r.email() == null) {
            throw ApiException.validation("username", "give a username or an email to change");
        }
        String username = r.username() == null ? null : Identifiers.username("username", r.username());
        String email = r.email() == null ? null : Identifiers.email("email", r.email());
        if (email != null) {
            Credentials c = credentials(p.userId());
            if (c.passwordHash() != null) {
                provePassword(p.userId(), c.passwordHash(), r.currentPassword(), "current_password");
            } else {
                requireRecentAuthentication(p);
            }
        }
        AccountResponse out;
        try {
            out = QuarkusTransaction.requiringNew().call(() -> {
                Instant now = clock.instant();
                User u = User.findForUpdate(p.userId());
                if (u == null) {
                    throw ApiException.notFound("User");
                }
                if (username != null && !username.equals(u.username)) {
                    User other = User.findByUsername(username);
                    if (other != null && !other.id.equals(u.id)) {
                        throw new ApiException(ErrorCode.USERNAME_TAKEN, "This username is taken");
                    }
                    u.username = username;
                }
                if (email != null) {
                    requestEmailChange(u, email, meta);
                }
                // the username is authorization state, the addresses are the cached profile: both ride one push
                profiles.changedOnCommit(u);
                u.updatedAt = now;
                User.getEntityManager().flush();
                // the caller's roles as its session carries them (a TV session's are limited)
                return describe(u, p.roles());
            });
        } catch (RuntimeException e) {
            throw Conflicts.translate(e);
        }
        return out;
    }

    /**
     * A new address waits in {@code pending_email} for its link: the account, its reset mails and notices stay with the
     * current address. The same address as now (in another letter case) is only a change of case; a newer change
     * replaces a pending one; the pending address reserves nothing.
     */
    private void requestEmailChange(User u, String email, RequestMeta meta) {
        if (Identifiers.sameEmail(email, u.email)) {
            u.email = email;
            u.pendingEmail = null;
            return;
        }
        User other = User.findByEmail(email);
        if (other != null && !other.id.equals(u.id)) {
            throw new ApiException(ErrorCode.EMAIL_TAKEN, "This email is taken");
        }
        if (Identifiers.sameEmail(email, u.pendingEmail)) {
            return; // asked again: the link already sent stays valid
        }
        u.pendingEmail = email;
        events.fire(new AccountEvents.EmailChangeRequested(u.id, u.email, u.emailVerified, email, meta));
    }

    public void changePassword(Principal p, ChangePasswordRequest r, RequestMeta meta) {
        // the new password's rules first: a weak new password is refused whatever the current one, so the answer
        // never tells a right current password from a wrong one
        PasswordPolicy.check("new_password", r.newPassword());
        Credentials c = credentials(p.userId());
        if (c.passwordHash() != null) {
            provePassword(p.userId(), c.passwordHash(), r.currentPassword(), "current_password");
        } else {
            requireRecentAuthentication(p);
        }
        String hash = hasher.hash(r.newPassword());
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(p.userId());
            if (u == null) {
                throw ApiException.notFound("User");
            }
            u.passwordHash = hash;
            u.updatedAt = now;
            MfaChallenge.voidAllOf(u.id);
            sessions.revokeAllOf(u.id, p.sessionId(), "password_change");
            history.record(u.id, Event.PASSWORD_CHANGE, true, meta);
            events.fire(new AccountEvents.SecurityChange(u.id, "password"));
        });
    }

    /** POST /account/reauth: the password (and a code when two-factor is on) makes this session recently authenticated. */
    public void reauthenticate(Principal p, ReauthRequest r, RequestMeta meta) {
        Credentials c = credentials(p.userId());
        if (c.passwordHash() == null) {
            throw new ApiException(ErrorCode.CONFLICT,
                    "The account has no password: log in again through its provider instead");
        }
        boolean code = (r.totpCode() != null && !r.totpCode().isBlank())
                || (r.recoveryCode() != null && !r.recoveryCode().isBlank());
        if (c.totpEnabled() && !code) {
            throw ApiException.validation("totp_code", "is required: two-factor authentication is on");
        }
        String subject = RateLimiter.bruteForceSubject(p.userId(), null);
        try {
            provePassword(p.userId(), c.passwordHash(), r.password(), "password");
        } catch (ApiException e) {
            if (e.code() == ErrorCode.INVALID_CREDENTIALS) {
                QuarkusTransaction.requiringNew().run(() -> history.record(p.userId(), Event.REAUTH, false, meta,
                        "bad_credentials"));
            }
            throw e;
        }
        Tx.refusalsCommit(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(p.userId());
            Session s = Session.findForUpdate(p.sessionId());
            if (u == null || s == null || !s.isLive(now) || !c.passwordHash().equals(u.passwordHash)) {
                throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "The password is wrong");
            }
            if (u.totpEnabled) {
                auth.checkSecondFactor(u, r.totpCode(), r.recoveryCode(), meta);
            }
            s.authenticatedAt = now;
            history.record(u.id, Event.REAUTH, true, meta);
        });
        rateLimiter.clearAttempts(subject);
        Log.debugf("reauth: session %s of user %s re-authenticated", p.sessionId(), p.userId());
    }

    public Page<HistoryItem> history(Principal p, int page, int size) {
        Page.check(page, size);
        return QuarkusTransaction.requiringNew().call(() -> {
            // the total and the page from one read of the user's month counts
            AuthHistory.Counted counted = AuthHistory.pageOf(p.userId(), page, size);
            List<HistoryItem> items = counted.items().stream()
                    .map(h -> new HistoryItem(h.id, h.eventType, h.success, h.ipAddress, h.userAgent, h.device,
                            h.fingerprint, h.occurredAt))
                    .toList();
            return Page.of(items, page, size, counted.total());
        });
    }


    public List<SessionResponse> sessions(Principal p) {
        return QuarkusTransaction.requiringNew().call(() -> Session.findLiveByUser(p.userId(), clock.instant()).stream()
                .map(s -> new SessionResponse(s.id, s.createdAt, s.lastUsedAt, s.ipAddress, s.userAgent,
                        s.isDeviceLogin() ? DeviceClassifier.TV : DeviceClassifier.classify(s.userAgent),
                        s.id.equals(p.sessionId())))
                .toList());
    }

    public void revokeSession(Principal p, UUID sessionId, RequestMeta meta) {
        QuarkusTransaction.requiringNew().run(() -> {
            Session s = Session.findForUpdate(sessionId);
            if (s == null || !s.userId.equals(p.userId()) || !s.isLive(clock.instant())) {
                throw ApiException.notFound("Session");
            }
            sessions.revoke(s, "revoked_by_user");
            history.record(p.userId(), Event.SESSION_REVOKED, true, meta);
        });
    }
}
