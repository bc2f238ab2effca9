package io.cinema.auth.social;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.JsonNode;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.Identifiers;
import io.cinema.auth.account.service.AccountService;
import io.cinema.auth.social.FlowStates.Flow;
import io.cinema.auth.social.ProviderGateway.Endpoints;
import io.cinema.auth.social.ProviderGateway.Identity;
import io.cinema.auth.social.SocialConfig.Kind;
import io.cinema.auth.social.SocialModels.ProviderResponse;
import io.cinema.auth.social.SocialProviders.Provider;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.RateLimitConfig;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.token.Authenticator;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.TokenPairResponse;
import io.quarkus.logging.Log;

/**
 * Social login's flow: the authorization-code flow with PKCE, single-use state bound to the browser by a cookie, the
 * code exchange and the identity's verification. What the identity then does to accounts is {@link SocialAccounts}'.
 */
@Singleton
public class SocialService {

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
    ServiceConfig service;

    @Inject
    RateLimitConfig limits;
    @Inject
    AccountService accounts;
    @Inject
    SocialAccounts socialAccounts;
    @Inject
    SecureRandom random;

    public List<ProviderResponse> list() {
        String base = service.effectivePublicUrl() + "/api/v1/social/";
        return providers.all().stream().map(p -> new ProviderResponse(p.name(), base + p.name() + "/authorize"))
                .toList();
    }

    /** The name of the browser-binding cookie: {@code __Host-} prefixed when the site is https. */
    public String bindingCookieName() {
        return secureSite() ? "__Host-social_binding" : "social_binding";
    }

    public boolean secureSite() {
        return service.effectivePublicUrl().regionMatches(true, 0, "https://", 0, 8);
    }

    /**
     * Starts a flow. With an Authorization header it is a linking flow for that bearer's account (a bad token is 401
     * with its code). The browser keeps its binding cookie across flows, so two tabs can log in at once. With
     * {@code returnTo} (a hosted page, {@link HostedReturn}) the provider sends the browser back to the hosted
     * {@code /social-callback} instead of the provider's configured redirect URI, and the flow records the page.
     */
    public Authorization authorize(String providerName, String authorization, String bindingCookie, String returnTo,
            RequestMeta meta) {
        Provider p = providers.get(providerName);
        HostedReturn back = HostedReturn.parse(returnTo);
        rateLimiter.checkClient("social-authorize-ip", meta.ip(), limits.socialCallbackPerIp());
        if (back != null && authorization != null) {
            // the hosted pages only log in; linking stays with the account's own front end
            throw ApiException.validation("return_to", "cannot be combined with linking (a bearer token)");
        }
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
        String redirectUri = back == null ? p.redirectUri() : hostedCallbackUri();
        flows.save(state, new Flow(p.name(), verifier, nonce, redirectUri, bindingHash(binding),
                linker == null ? null : linker.userId(), linker == null ? null : linker.sessionId(),
                back == null ? null : back.relative()));
        StringBuilder url = new StringBuilder(e.authorization()).append(e.authorization().contains("?") ? '&' : '?');
        param(url, "response_type", "code");
        param(url, "client_id", p.clientId());
        param(url, "redirect_uri", redirectUri);
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

    /** Where providers send the browser back for flows started on a hosted page (register it at each provider). */
    public String hostedCallbackUri() {
        return service.effectivePublicUrl() + HostedReturn.CALLBACK_PATH;
    }

    /** Finishes a flow: checks the state and its browser, exchanges the code, verifies the identity, logs in or links. */
    public Outcome callback(String providerName, String code, String state, String error, String bindingCookie,
            RequestMeta meta) {
        Provider p = providers.get(providerName);
        rateLimiter.checkClient("social-callback-ip", meta.ip(), limits.socialCallbackPerIp());
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
        return flow.linkUserId() != null ? socialAccounts.link(p, flow.linkUserId(), flow.linkSessionId(), id, email, meta)
                : socialAccounts.login(p, id, email, verified, meta);
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
}
