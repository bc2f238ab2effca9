package io.cinema.auth.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.AccountModels.ChangePasswordRequest;
import io.cinema.auth.account.AccountModels.HistoryItem;
import io.cinema.auth.account.AccountModels.Page;
import io.cinema.auth.account.AccountModels.SessionResponse;
import io.cinema.auth.account.AccountModels.SocialAccountResponse;
import io.cinema.auth.account.AccountModels.UpdateAccountRequest;
import io.cinema.auth.account.LoginHistory.Event;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.StateCache;
import io.cinema.auth.token.UserState;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** The caller's own account: profile, password, login history and sessions. */
@Singleton
public class AccountService {

    public static final int MAX_PAGE_SIZE = 100;

    @Inject
    Clock clock;
    @Inject
    PasswordHasher hasher;
    @Inject
    LoginHistory history;
    @Inject
    StateCache stateCache;
    @Inject
    UserDirectory directory;
    @Inject
    Metrics metrics;
    @Inject
    jakarta.enterprise.event.Event<Object> events;

    public AccountResponse get(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> describe(userId));
    }

    /** The account as the contract shows it; in the caller's transaction. */
    public AccountResponse describe(UUID userId) {
        User u = User.findById(userId);
        if (u == null) {
            throw ApiException.notFound("User");
        }
        UserState state = directory.load(userId);
        List<SocialAccountResponse> social = directory.providers(userId).stream()
                .map(p -> new SocialAccountResponse(p.provider(), p.socialId())).toList();
        return new AccountResponse(u.id, u.username, u.email, u.emailVerified, u.active, state.roles(), u.totpEnabled,
                social, u.createdAt);
    }

    public AccountResponse update(Principal p, UpdateAccountRequest r, RequestMeta meta) {
        if (r.username() == null && r.email() == null) {
            throw ApiException.validation("username", "give a username or an email to change");
        }
        String username = r.username() == null ? null : Identifiers.username("username", r.username());
        String email = r.email() == null ? null : Identifiers.email("email", r.email());
        String storedHash = QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findById(p.userId());
            return u == null ? null : u.passwordHash;
        });
        boolean emailChanges = email != null;
        if (emailChanges && storedHash != null) {
            if (r.currentPassword() == null || r.currentPassword().isEmpty()) {
                throw ApiException.validation("current_password", "is required to change the email");
            }
            if (!hasher.verify(r.currentPassword(), storedHash)) {
                throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "The current password is wrong");
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
                    u.bumpState();
                }
                if (email != null && !email.equalsIgnoreCase(u.email == null ? "" : u.email)) {
                    User other = User.findByEmail(email);
                    if (other != null && !other.id.equals(u.id)) {
                        throw new ApiException(ErrorCode.EMAIL_TAKEN, "This email is taken");
                    }
                    String old = u.email;
                    boolean oldVerified = u.emailVerified;
                    u.email = email;
                    u.emailVerified = false;
                    events.fire(new AccountEvents.EmailChanged(u.id, old, oldVerified, email));
                } else if (email != null && !email.equals(u.email)) {
                    u.email = email; // only the letter case changed: same address, same verification
                }
                u.updatedAt = now;
                User.getEntityManager().flush();
                return describe(u.id);
            });
        } catch (RuntimeException e) {
            throw Conflicts.translate(e);
        }
        stateCache.userChanged(p.userId());
        return out;
    }

    public void changePassword(Principal p, ChangePasswordRequest r, RequestMeta meta) {
        String storedHash = QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findById(p.userId());
            return u == null ? null : u.passwordHash;
        });
        if (storedHash != null) {
            if (r.currentPassword() == null || r.currentPassword().isEmpty()) {
                throw ApiException.validation("current_password", "must not be blank");
            }
            if (!hasher.verify(r.currentPassword(), storedHash)) {
                throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "The current password is wrong");
            }
        }
        PasswordPolicy.check("new_password", r.newPassword());
        String hash = hasher.hash(r.newPassword());
        List<UUID> revoked = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(p.userId());
            if (u == null) {
                throw ApiException.notFound("User");
            }
            u.passwordHash = hash;
            u.updatedAt = now;
            List<UUID> ids = Session.revokeAllOf(u.id, p.sessionId(), now, "password_change");
            history.record(u.id, Event.PASSWORD_CHANGE, true, meta);
            events.fire(new AccountEvents.SecurityChange(u.id, "password"));
            return ids;
        });
        stateCache.sessionsRevoked(revoked);
        metrics.revoked("password_change", revoked.size());
    }

    public Page<HistoryItem> history(Principal p, int page, int size) {
        checkPaging(page, size);
        return QuarkusTransaction.requiringNew().call(() -> {
            long total = AuthHistory.countOf(p.userId());
            List<HistoryItem> items = AuthHistory.pageOf(p.userId(), page, size).stream()
                    .map(h -> new HistoryItem(h.id, h.eventType, h.success, h.ipAddress, h.userAgent, h.device,
                            h.fingerprint, h.occurredAt))
                    .toList();
            return Page.of(items, page, size, total);
        });
    }

    public static void checkPaging(int page, int size) {
        if (page < 1) {
            throw ApiException.validation("page", "must be 1 or more");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.validation("size", "must be 1 to " + MAX_PAGE_SIZE);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            // the query's offset is an int: past this it would overflow into a negative offset
            throw ApiException.validation("page", "is too large");
        }
    }

    public List<SessionResponse> sessions(Principal p) {
        return QuarkusTransaction.requiringNew().call(() -> Session.findLiveByUser(p.userId(), clock.instant()).stream()
                .map(s -> new SessionResponse(s.id, s.createdAt, s.lastUsedAt, s.ipAddress, s.userAgent,
                        s.id.equals(p.sessionId())))
                .toList());
    }

    public void revokeSession(Principal p, UUID sessionId, RequestMeta meta) {
        QuarkusTransaction.requiringNew().run(() -> {
            Session s = Session.findForUpdate(sessionId);
            if (s == null || !s.userId.equals(p.userId()) || !s.isLive(clock.instant())) {
                throw ApiException.notFound("Session");
            }
            s.revokedAt = clock.instant();
            s.revokeReason = "revoked_by_user";
            history.record(p.userId(), Event.SESSION_REVOKED, true, meta);
        });
        stateCache.sessionsRevoked(List.of(sessionId));
        metrics.revoked("revoked_by_user", 1);
    }
}
