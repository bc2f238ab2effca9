package io.cinema.auth.social;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.User;
import io.cinema.auth.account.service.AccountService;
import io.cinema.auth.account.service.Accounts;
import io.cinema.auth.account.service.AuthService;
import io.cinema.auth.account.service.CachedProfiles;
import io.cinema.auth.social.ProviderGateway.Identity;
import io.cinema.auth.social.SocialProviders.Provider;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.Throwables;
import io.cinema.auth.support.Tx;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.Sessions;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The account rules of social login, which stop account hijacking: an account is found by (provider, subject) only;
 * an email joins an existing account only when both the provider and the account vouch for it; a linking flow links
 * to the user who started it; a join of an account with two-factor on waits for the code; the last way to log in is
 * never unlinked.
 */
@Singleton
public class SocialAccounts {

    private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,50}");

    @Inject
    CachedProfiles profiles;
    @Inject
    AuthService auth;
    @Inject
    Sessions sessions;
    @Inject
    AccountService accounts;
    @Inject
    Accounts registrations;
    @Inject
    LoginHistory history;
    @Inject
    Clock clock;
    @Inject
    SecureRandom random;
    @Inject
    Event<Object> events;

    /** A login through the provider: finds the account by (provider, subject), or joins or creates one. */
    SocialService.Outcome login(Provider p, Identity id, String email, boolean verified, RequestMeta meta) {
        Sessions.Opened opened = retryOnRace(() -> Tx.refusalsCommit(() -> {
            Instant now = clock.instant();
            SocialAccount known = SocialAccount.findBySubject(p.name(), id.subject());
            User u;
            MfaChallenge.PendingLink joining = null;
            if (known != null) {
                u = User.findById(known.userId);
            } else {
                User owner = email == null ? null : User.findByEmail(email);
                if (owner != null) {
                    checkJoin(p, id, verified, owner);
                    u = owner;
                    joining = new MfaChallenge.PendingLink(p.name(), id.subject(), email);
                } else {
                    u = create(p, id, email, verified, meta, now);
                }
            }
            if (!u.active) {
                history.record(u.id, LoginHistory.Event.SOCIAL_LOGIN, false, meta, p.name());
                throw new ApiException(ErrorCode.ACCOUNT_DISABLED, "The account is disabled");
            }
            if (u.totpEnabled) {
                // the provider is the first factor only; a join waits for the code before it links anything
                throw auth.secondFactorRequired(u, MfaChallenge.Kind.SOCIAL, p.name(), joining, meta, now);
            }
            if (joining != null) {
                writeJoin(u.id, joining, meta, now);
            }
            history.record(u.id, LoginHistory.Event.SOCIAL_LOGIN, true, meta, p.name());
            return auth.loggedIn(u, meta, now);
        }));
        Log.infof("social login via %s: user %s", p.name(), opened.userId());
        return new SocialService.LoggedIn(sessions.pair(opened));
    }

    /**
     * A first login whose email an account already has. Joining it would let whoever controls the provider account
     * (or squatted the address locally) take the other side over, so both sides must vouch for the address.
     */
    private static void checkJoin(Provider p, Identity id, boolean verified, User owner) {
        if (!verified || !owner.emailVerified) {
            Log.infof("social login via %s: email of account %s not verified on both sides, not joined", p.name(),
                    owner.id);
            throw new ApiException(ErrorCode.CONFLICT, "An account with this email exists: log in to it and link "
                    + "the provider from the account");
        }
        if (SocialAccount.findByUserAndProvider(owner.id, p.name()) != null) {
            throw new ApiException(ErrorCode.CONFLICT,
                    "The account with this email is linked to another account of this provider");
        }
    }

    private void writeJoin(UUID userId, MfaChallenge.PendingLink link, RequestMeta meta, Instant now) {
        SocialAccount.link(userId, link.provider(), link.socialId(), link.email(), now);
        profiles.changedOnCommit(userId);
        history.record(userId, LoginHistory.Event.SOCIAL_LINK, true, meta, link.provider());
        events.fire(new AccountEvents.SecurityChange(userId, "social_link"));
        Log.infof("social login via %s: joined the account %s by its verified email", link.provider(), userId);
    }

    /** A join held back for the second factor: the code was accepted, so the link is written now. */
    void onJoinConfirmed(@Observes AccountEvents.ProviderJoinConfirmed e) {
        if (SocialAccount.findBySubject(e.provider(), e.socialId()) != null
                || SocialAccount.findByUserAndProvider(e.userId(), e.provider()) != null) {
            return; // linked meanwhile (to this account or another): nothing to add
        }
        writeJoin(e.userId(), new MfaChallenge.PendingLink(e.provider(), e.socialId(), e.email()), e.meta(),
                clock.instant());
    }

    /** A reset proved a mailbox never verified on the account: provider logins planted before are removed. */
    void onMailboxFirstProven(@Observes AccountEvents.MailboxFirstProven e) {
        long n = SocialAccount.deleteAllOf(e.userId());
        if (n > 0) {
            profiles.changedOnCommit(e.userId());
            Log.infof("security: %d linked providers of user %s removed by a reset that first proved its address", n,
                    e.userId());
        }
    }

    private User create(Provider p, Identity id, String email, boolean verified, RequestMeta meta, Instant now) {
        String username = Usernames.unique(Usernames.base(id.name(), email, p.name()),
                name -> User.findByUsername(name) != null, random);
        User u = registrations.register(username, email, verified, null, meta, now);
        SocialAccount.link(u.id, p.name(), id.subject(), email, now);
        Log.infof("social login via %s: user %s created", p.name(), u.id);
        return u;
    }

    /** A linking flow: links to the user whose bearer started it, and to no one else. */
    SocialService.Outcome link(Provider p, UUID linkUserId, UUID linkSessionId, Identity id, String email,
            RequestMeta meta) {
        AccountResponse account = retryOnRace(() -> QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(linkUserId);
            if (u == null) {
                throw new ApiException(ErrorCode.TOKEN_INVALID, "The account that started this flow is gone");
            }
            Session s = Session.findById(linkSessionId);
            if (s == null || !s.isLive(now)) {
                throw new ApiException(ErrorCode.TOKEN_REVOKED, "The session that started this flow was ended");
            }
            if (!u.active) {
                throw new ApiException(ErrorCode.ACCOUNT_DISABLED, "The account is disabled");
            }
            SocialAccount known = SocialAccount.findBySubject(p.name(), id.subject());
            if (known != null) {
                if (known.userId.equals(u.id)) {
                    return accounts.describe(u.id);
                }
                throw new ApiException(ErrorCode.CONFLICT, "This provider account is linked to another account");
            }
            if (SocialAccount.findByUserAndProvider(u.id, p.name()) != null) {
                throw new ApiException(ErrorCode.CONFLICT,
                        "Another account of this provider is linked already: unlink it first");
            }
            SocialAccount.link(u.id, p.name(), id.subject(), email, now);
            profiles.changedOnCommit(u);
            history.record(u.id, LoginHistory.Event.SOCIAL_LINK, true, meta, p.name());
            events.fire(new AccountEvents.SecurityChange(u.id, "social_link"));
            User.getEntityManager().flush();
            return accounts.describe(u.id);
        }));
        Log.infof("social link: provider %s linked to user %s", p.name(), account.id());
        return new SocialService.Linked(account);
    }

    /** Unlinks a provider from the caller's account, unless it is the last way to log in. */
    public void unlink(Principal caller, String provider) {
        // a name no provider can have (a NUL would even fail the query) names nothing
        if (provider == null || !PROVIDER_NAME.matcher(provider).matches()) {
            throw ApiException.notFound("Linked provider");
        }
        accounts.requireRecentAuthentication(caller);
        QuarkusTransaction.requiringNew().run(() -> {
            User u = User.findForUpdate(caller.userId());
            SocialAccount link = u == null ? null : SocialAccount.findByUserAndProvider(u.id, provider);
            if (link == null) {
                throw ApiException.notFound("Linked provider");
            }
            long others = SocialAccount.countOthers(u.id, provider);
            if (!u.hasPassword() && others == 0) {
                throw new ApiException(ErrorCode.CONFLICT,
                        "This provider is the account's last way to log in: set a password or link another first");
            }
            link.delete();
            profiles.changedOnCommit(u);
            events.fire(new AccountEvents.SecurityChange(u.id, "social_unlink"));
        });
        Log.infof("social link: provider %s unlinked from user %s", provider, caller.userId());
    }


    /**
     * Two first logins of one person at once race on the unique indexes; the loser runs again and then finds what
     * the winner made.
     */
    private static <T> T retryOnRace(java.util.function.Supplier<T> work) {
        for (int attempt = 1;; attempt++) {
            try {
                return work.get();
            } catch (RuntimeException e) {
                if (Throwables.uniqueViolation(e).isEmpty()) {
                    throw e;
                }
                if (attempt >= 3) {
                    throw new ApiException(ErrorCode.CONFLICT, "The login conflicts with a change made at the same time");
                }
            }
        }
    }
}
