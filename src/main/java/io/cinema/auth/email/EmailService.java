package io.cinema.auth.email;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;

import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.Identifiers;
import io.cinema.auth.account.LoginHistory.Event;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.User;
import io.cinema.auth.account.service.CachedProfiles;
import io.cinema.auth.account.service.Conflicts;
import io.cinema.auth.account.service.PasswordHasher;
import io.cinema.auth.account.service.PasswordPolicy;
import io.cinema.auth.email.EmailRequests.ForgotPasswordRequest;
import io.cinema.auth.email.EmailRequests.ResetPasswordRequest;
import io.cinema.auth.email.EmailRequests.VerifyEmailRequest;
import io.cinema.auth.email.MailToken.Purpose;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Metrics;
import io.cinema.auth.support.RateLimitConfig;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Sessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.context.api.ManagedExecutorConfig;

/**
 * Email verification and account recovery: the rules and transactions behind the mail endpoints. Tokens are checked
 * in a short read first, then again under row locks (user, then token: the order every writer of both follows).
 */
@Singleton
public class EmailService {

    /** Forgot-password work waiting beyond this is dropped (logged, counted): it must never pile up in memory. */
    static final int FORGOT_QUEUE = 1000;

    private record TokenRef(UUID id, UUID userId) {
    }

    private record ResetDone(UUID userId, int revoked) {
    }

    @Inject
    CachedProfiles profiles;
    @Inject
    EmailConfig config;

    @Inject
    RateLimitConfig limits;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    LoginHistory history;
    @Inject
    Sessions sessions;
    @Inject
    PasswordHasher hasher;
    @Inject
    Metrics metrics;
    @Inject
    MeterRegistry registry;
    @Inject
    MailComposer composer;
    @Inject
    MailSender sender;
    @Inject
    jakarta.enterprise.event.Event<Object> events;

    /**
     * Two at a time on Quarkus's worker pool, the rest queued up to {@link #FORGOT_QUEUE}; no context of the request
     * goes along (the work opens its own request context and transaction). The container shuts it down.
     */
    @Inject
    @ManagedExecutorConfig(maxAsync = 2, maxQueued = FORGOT_QUEUE, propagated = {},
            cleared = ThreadContext.ALL_REMAINING)
    ManagedExecutor forgotWorkers;

    /**
     * Verifies the address the token was mailed to: the account's unverified address, or the pending one, which then
     * becomes the account's email (409 EMAIL_TAKEN when another account took it meanwhile). Any other token is void.
     */
    public void verify(VerifyEmailRequest r, RequestMeta meta) {
        TokenRef ref = QuarkusTransaction.requiringNew().call(() -> peek(r.token(), Purpose.VERIFY, clock.instant()));
        if (ref == null) {
            throw invalidToken();
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                Instant now = clock.instant();
                User u = User.findForUpdate(ref.userId());
                MailToken t = MailToken.findForUpdate(ref.id());
                if (u == null || t == null || !t.usableFor(Purpose.VERIFY, now)) {
                    throw invalidToken();
                }
                if (t.boundTo(u.pendingEmail)) {
                    User other = User.findByEmail(u.pendingEmail);
                    if (other != null && !other.id.equals(u.id)) {
                        throw new ApiException(ErrorCode.EMAIL_TAKEN, "Another account took this address meanwhile");
                    }
                    String old = u.email;
                    boolean oldVerified = u.emailVerified;
                    u.email = u.pendingEmail;
                    u.pendingEmail = null;
                    // tokens mailed to the old address (reset links included) are void from now on
                    MailToken.voidTokensNotFor(u.id, u.email);
                    events.fire(new AccountEvents.EmailChanged(u.id, old, oldVerified, u.email));
                } else if (!t.boundTo(u.email) || u.emailVerified) {
                    throw invalidToken();
                }
                t.usedAt = now;
                u.emailVerified = true;
                u.updatedAt = now;
                profiles.changedOnCommit(u);
                history.record(u.id, Event.EMAIL_VERIFIED, true, meta);
                User.getEntityManager().flush();
            });
        } catch (RuntimeException e) {
            throw Conflicts.translate(e);
        }
        Log.infof("email: user %s verified its email address", ref.userId());
    }

    /** A new verification mail to the account's pending address, or else to its unverified one; 429 over the limits. */
    public void resendVerification(Principal p, RequestMeta meta) {
        String email = QuarkusTransaction.requiringNew().call(() -> addressToVerify(User.findById(p.userId())));
        checkMailLimits(email, meta);
        QuarkusTransaction.requiringNew().run(() -> {
            User u = User.findForUpdate(p.userId());
            String to = addressToVerify(u);
            MailToken.Issued t = MailToken.issue(u.id, Purpose.VERIFY, to, config.verifyTtl(), clock.instant(),
                    random);
            sender.afterCommit(composer.verification(u.id, u.username, to, t.value()));
        });
    }

    /**
     * Answers at once, the same for every well-formed address: the lookup, the token and the mail happen after the
     * answer, off the request thread, so neither the answer nor its timing tells whether an account has the address.
     */
    public void forgot(ForgotPasswordRequest r, RequestMeta meta) {
        String email = Identifiers.email("email", r.email());
        checkMailLimits(email, meta);
        try {
            // ArC intercepts self-invocation, so sendReset gets its request context on the worker thread
            forgotWorkers.execute(() -> sendReset(email));
        } catch (RejectedExecutionException e) {
            Log.warn("mail: too many password-reset requests waiting; one was dropped");
            registry.counter("auth.mail.failures", "kind", "reset").increment();
        }
    }

    /** The forgot-password work: an active account with this address gets a reset mail, replacing older links. */
    @ActivateRequestContext
    void sendReset(String email) {
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                User found = User.findByEmail(email);
                if (found == null) {
                    return;
                }
                User u = User.findForUpdate(found.id);
                if (u == null || !u.active || u.email == null) {
                    return;
                }
                MailToken.voidResetTokensOf(u.id);
                MailToken.Issued t = MailToken.issue(u.id, Purpose.RESET, u.email, config.resetTtl(),
                        clock.instant(), random);
                sender.afterCommit(composer.reset(u.id, u.username, u.email, t.value()));
            });
        } catch (RuntimeException e) {
            Log.warnf("mail: a password-reset request could not be processed (%s)", MailSender.describe(e, null));
            registry.counter("auth.mail.failures", "kind", "reset").increment();
        }
    }

    /**
     * Sets a new password with a reset token: the password rules first (a refused password leaves the token usable),
     * the hash outside any transaction, then one transaction for the password, the token, the address's verification,
     * the revocation of every session and the history; caches, the brute-force lock and the notice after the commit.
     */
    public void reset(ResetPasswordRequest r, RequestMeta meta) {
        PasswordPolicy.check("new_password", r.newPassword());
        TokenRef ref = QuarkusTransaction.requiringNew().call(() -> peek(r.token(), Purpose.RESET, clock.instant()));
        if (ref == null) {
            throw invalidToken();
        }
        String hash = hasher.hash(r.newPassword());
        ResetDone done = QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(ref.userId());
            MailToken t = MailToken.findForUpdate(ref.id());
            if (u == null || t == null || !u.active || !t.usableFor(Purpose.RESET, now) || !t.boundTo(u.email)) {
                return null;
            }
            MailToken.voidOtherResetTokensOf(u.id, t.id);
            t.usedAt = now;
            u.passwordHash = hash;
            boolean firstProof = !u.emailVerified;
            u.emailVerified = true;
            u.updatedAt = now;
            profiles.changedOnCommit(u);
            if (firstProof) {
                // whoever proves the mailbox takes the account clean: a squatter's planted provider login is gone
                events.fire(new AccountEvents.MailboxFirstProven(u.id));
            }
            MfaChallenge.voidAllOf(u.id);
            List<UUID> revoked = sessions.revokeAllOf(u.id, null, "password_reset");
            history.record(u.id, Event.PASSWORD_RESET, true, meta, firstProof ? "first_proof" : null);
            sender.afterCommit(composer.passwordResetNotice(u.id, u.username, u.email, firstProof));
            return new ResetDone(u.id, revoked.size());
        });
        if (done == null) {
            throw invalidToken();
        }
        rateLimiter.clearAttempts(RateLimiter.bruteForceSubject(done.userId(), null));
        Log.infof("security: password of user %s reset by mail; %d sessions revoked", done.userId(), done.revoked());
    }

    /**
     * A verification token for {@code email}, mailed after the caller's transaction commits, when the mail limits of
     * the address and the client allow; past them the change stands but no mail goes (counted in the metrics).
     */
    void issueVerification(User u, String email, RequestMeta meta, Instant now) {
        if (!withinMailLimits(email, meta)) {
            registry.counter("auth.mail.suppressed", "kind", "verification").increment();
            Log.infof("mail: verification mail for user %s not sent: over the mail limits", u.id);
            return;
        }
        MailToken.Issued t = MailToken.issue(u.id, Purpose.VERIFY, email, config.verifyTtl(), now, random);
        sender.afterCommit(composer.verification(u.id, u.username, email, t.value()));
    }

    private static TokenRef peek(String value, Purpose purpose, Instant now) {
        MailToken t = MailToken.findByValue(value);
        return t == null || !t.usableFor(purpose, now) ? null : new TokenRef(t.id, t.userId);
    }

    private static String addressToVerify(User u) {
        if (u == null) {
            throw ApiException.notFound("User");
        }
        if (u.pendingEmail != null) {
            return u.pendingEmail;
        }
        if (u.email == null) {
            throw new ApiException(ErrorCode.CONFLICT, "The account has no email address");
        }
        if (u.emailVerified) {
            throw new ApiException(ErrorCode.CONFLICT, "The email address is already verified");
        }
        return u.email;
    }

    /** Mails per client network and per address, counted alike whether an account has the address or not. */
    private void checkMailLimits(String email, RequestMeta meta) {
        rateLimiter.checkClient("mail-ip", meta.ip(), limits.mailPerIp());
        rateLimiter.check("mail-address", Identifiers.asciiLower(email), limits.mailPerAddress());
    }

    private boolean withinMailLimits(String email, RequestMeta meta) {
        boolean ip = meta == null || rateLimiter.tryAcquireClient("mail-ip", meta.ip(), limits.mailPerIp());
        return rateLimiter.tryAcquire("mail-address", Identifiers.asciiLower(email),
                limits.mailPerAddress()) && ip;
    }

    private static ApiException invalidToken() {
        return ApiException.validation("token", "is unknown, used, expired or no longer valid");
    }
}
