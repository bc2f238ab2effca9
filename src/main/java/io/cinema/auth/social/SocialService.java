package io.cinema.auth.social;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.AccountService;
import io.cinema.auth.account.Accounts;
import io.cinema.auth.account.AuthService;
import io.cinema.auth.account.Identifiers;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.User;
import io.cinema.auth.social.FlowStates.Flow;
import io.cinema.auth.social.ProviderGateway.Endpoints;
import io.cinema.auth.social.ProviderGateway.Identity;
import io.cinema.auth.social.SocialModels.ProviderResponse;
import io.cinema.auth.social.SocialProviders.Kind;
import io.cinema.auth.social.SocialProviders.Provider;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.AuthConfig;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.Throwables;
import io.cinema.auth.support.Tx;
import io.cinema.auth.token.Authenticator;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.Sessions;
import io.cinema.auth.token.TokenPairResponse;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Social login: the authorization-code flow with PKCE, state bound to the browser, and the account rules that stop
 * account hijacking. An account is found by (provider, subject) only; an email joins an existing account only when
 * both the provider and the account vouch for it.
 */
@Singleton
public class SocialService {

    private static final Pattern PROVIDER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,50}");

    static final int STATE_MAX = 512;
    static final int CODE_MAX = 2048;
    private static final Pattern BINDING = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** What authorize hands back: the provider's address and the browser-binding cookie value to set. */
    public record Authorization(String providerUrl, String binding) {
        @Override
        public String toString() {
            return "Authorization[]";
        }
    }

    /** A finished callback: a login (token pair) or a link (the account). */
    public sealed interface Outcome {
    }

    public record LoggedIn(TokenPairResponse tokens) implements Outcome {
    }

    public record Linked(AccountResponse account) implements Outcome {
    }

    @Inject
    SocialProviders providers;
    @Inject
    ProviderGateway gateway;
    @Inject
    FlowStates flows;
    @Inject
    Authenticator authenticator;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    AuthConfig config;
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

    public List<ProviderResponse> list() {
        String base = config.effectivePublicUrl() + "/api/v1/social/";
        return providers.all().stream().map(p -> new ProviderResponse(p.name(), base + p.name() + "/authorize"))
                .toList();
    }

    /** The name of the browser-binding cookie: {@code __Host-} prefixed when the site is https. */
    public String bindingCookieName() {
        return secureSite() ? "__Host-social_binding" : "social_binding";
    }

    public boolean secureSite() {
        return config.effectivePublicUrl().regionMatches(true, 0, "https://", 0, 8);
    }

    /**
     * Starts a flow. With an Authorization header it is a linking flow for that bearer's account (a bad token is 401
     * with its code). The browser keeps its binding cookie across flows, so two tabs can log in at once.
     */
    public Authorization authorize(String providerName, String authorization, String bindingCookie, RequestMeta meta) {
        Provider p = providers.get(providerName);
        rateLimiter.checkClient("social-authorize-ip", meta.ip(), config.rateLimit().socialCallbackPerIp());
        Principal linker = authorization == null ? null : authenticator.authenticate(authorization);
        if (linker != null) {
            // linking adds a way to log in that survives a password reset: never on a stolen token alone
            accounts.requireVerifiedEmailAndRecentAuthentication(linker);
        }
        Endpoints e = gateway.endpoints(p);
        String binding = bindingCookie != null && BINDING.matcher(bindingCookie).matches()
                ? bindingCookie : Crypto.randomToken(random, 32);
        String state = Crypto.randomToken(random, 32);
        String verifier = Crypto.randomToken(random, 32);
        String nonce = p.kind() == Kind.OIDC ? Crypto.randomToken(random, 32) : null;
        flows.save(state, new Flow(p.name(), verifier, nonce, p.redirectUri(), bindingHash(binding),
                linker == null ? null : linker.userId(), linker == null ? null : linker.sessionId()));
        StringBuilder url = new StringBuilder(e.authorization()).append(e.authorization().contains("?") ? '&' : '?');
        param(url, "response_type", "code");
        param(url, "client_id", p.clientId());
        param(url, "redirect_uri", p.redirectUri());
        if (!p.scopes().isEmpty()) {
            param(url, "scope", String.join(" ", p.scopes()));
        }
        param(url, "state", state);
        param(url, "code_challenge", Crypto.base64Url(Crypto.sha256(verifier.getBytes(StandardCharsets.US_ASCII))));
        param(url, "code_challenge_method", "S256");
        if (nonce != null) {
            param(url, "nonce", nonce);
        }
        url.setLength(url.length() - 1);
        return new Authorization(url.toString(), binding);
    }

    /** Finishes a flow: checks the state and its browser, exchanges the code, verifies the identity, logs in or links. */
    public Outcome callback(String providerName, String code, String state, String error, String bindingCookie,
            RequestMeta meta) {
        Provider p = providers.get(providerName);
        rateLimiter.checkClient("social-callback-ip", meta.ip(), config.rateLimit().socialCallbackPerIp());
        if (state == null || state.isBlank()) {
            throw ApiException.validation("state", "is required");
        }
        Flow flow = state.length() > STATE_MAX ? null : flows.take(state);
        if (flow == null || !flow.provider().equals(p.name()) || bindingCookie == null
                || !Crypto.constantTimeEquals(bindingHash(bindingCookie).getBytes(StandardCharsets.US_ASCII),
                        flow.bindingHash().getBytes(StandardCharsets.US_ASCII))) {
            throw ApiException.validation("state",
                    "is unknown, used or expired, or belongs to another browser or provider");
        }
        if (error != null) {
            Log.infof("social login via %s: the provider answered error %s", p.name(), ProviderGateway.safe(error));
            throw new ApiException(ErrorCode.TOKEN_INVALID, "The provider refused the login");
        }
        if (code == null || code.isBlank()) {
            throw ApiException.validation("code", "is required");
        }
        if (code.length() > CODE_MAX) {
            throw ApiException.validation("code", "is too long");
        }
        Endpoints e = gateway.endpoints(p);
        JsonNode tokens = gateway.exchange(p, e, code, flow.redirectUri(), flow.verifier());
        Identity id = p.kind() == Kind.OIDC ? gateway.idTokenIdentity(p, e, tokens, flow.nonce())
                : gateway.userinfoIdentity(p, e, tokens);
        String email = cleanEmail(id.email());
        boolean verified = email != null && (id.emailVerified() || p.trustEmail());
        return flow.linkUserId() != null ? link(p, flow, id, email, meta) : login(p, id, email, verified, meta);
    }

    private Outcome login(Provider p, Identity id, String email, boolean verified, RequestMeta meta) {
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
        return new LoggedIn(sessions.pair(opened));
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
        newLink(userId, link.provider(), link.socialId(), link.email(), now);
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
        long n = SocialAccount.delete("userId", e.userId());
        if (n > 0) {
            Log.infof("security: %d linked providers of user %s removed by a reset that first proved its address", n,
                    e.userId());
        }
    }

    private User create(Provider p, Identity id, String email, boolean verified, RequestMeta meta, Instant now) {
        String username = Usernames.unique(Usernames.base(id.name(), email, p.name()),
                name -> User.findByUsername(name) != null, random);
        User u = registrations.register(username, email, verified, null, meta, now);
        newLink(u.id, p.name(), id.subject(), email, now);
        Log.infof("social login via %s: user %s created", p.name(), u.id);
        return u;
    }

    private Outcome link(Provider p, Flow flow, Identity id, String email, RequestMeta meta) {
        AccountResponse account = retryOnRace(() -> QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            User u = User.findForUpdate(flow.linkUserId());
            if (u == null) {
                throw new ApiException(ErrorCode.TOKEN_INVALID, "The account that started this flow is gone");
            }
            Session s = Session.findById(flow.linkSessionId());
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
            newLink(u.id, p.name(), id.subject(), email, now);
            history.record(u.id, LoginHistory.Event.SOCIAL_LINK, true, meta, p.name());
            events.fire(new AccountEvents.SecurityChange(u.id, "social_link"));
            User.getEntityManager().flush();
            return accounts.describe(u.id);
        }));
        Log.infof("social link: provider %s linked to user %s", p.name(), account.id());
        return new Linked(account);
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
            long others = SocialAccount.count("userId = ?1 and provider <> ?2", u.id, provider);
            if (!u.hasPassword() && others == 0) {
                throw new ApiException(ErrorCode.CONFLICT,
                        "This provider is the account's last way to log in: set a password or link another first");
            }
            link.delete();
            events.fire(new AccountEvents.SecurityChange(u.id, "social_unlink"));
        });
        Log.infof("social link: provider %s unlinked from user %s", provider, caller.userId());
    }

    private static void newLink(UUID userId, String provider, String subject, String email, Instant now) {
        SocialAccount link = new SocialAccount();
        link.id = UUID.randomUUID();
        link.userId = userId;
        link.provider = provider;
        link.socialId = subject;
        link.email = email;
        link.createdAt = now;
        link.persistAndFlush();
    }

    /** The provider's email when it is a valid address; anything else counts as none. */
    static String cleanEmail(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Identifiers.email("email", raw);
        } catch (ApiException e) {
            return null;
        }
    }

    private static String bindingHash(String binding) {
        return Crypto.base64Url(Crypto.sha256(binding));
    }

    private static void param(StringBuilder url, String name, String value) {
        url.append(ProviderGateway.formEncode(name)).append('=').append(ProviderGateway.formEncode(value)).append('&');
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
