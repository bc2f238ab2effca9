package io.cinema.auth.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AuthRequests.RefreshRequest;
import io.cinema.auth.account.service.AuthService;
import io.cinema.auth.client.ClientModels.TokenResponse;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.RateLimitConfig;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.AccessTokens;
import io.cinema.auth.token.TokenConfig;
import io.cinema.auth.token.TokenPairResponse;
import io.cinema.auth.token.UserState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The token endpoint's rules (RFC 6749): {@code client_credentials} (§4.4) for confidential clients, and
 * {@code refresh_token} (§6) under POST /auth/refresh's rules. Client authentication gives one answer,
 * {@code invalid_client}, for an unknown client, a wrong secret and a disabled or deleted client, with the same work
 * done for each ({@link ClientSecrets#matches}). Wrong credentials are counted per client IP
 * ({@code auth.rate-limit.client-auth-failures-per-ip}); while an address is over the limit every attempt from it is
 * 429 before it is judged. The client itself is never locked: its id is no secret, so a lock would let anyone shut a
 * service out.
 */
@Singleton
public class ClientTokens {

    static final String GRANT_CLIENT_CREDENTIALS = "client_credentials";
    static final String GRANT_REFRESH_TOKEN = "refresh_token";
    static final String BUCKET = "client-auth-ip";

    /** What authentication found: the client's state at that moment (read in one short transaction). */
    private record Authenticated(String clientId, boolean isPublic, List<String> scopes, List<String> roles) {
    }

    @Inject
    Clock clock;
    @Inject
    ClientSecrets secrets;
    @Inject
    ClientConfig config;
    @Inject
    TokenConfig tokenConfig;
    @Inject
    AccessTokens accessTokens;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    RateLimitConfig limits;
    @Inject
    AuthService auth;

    public Object token(TokenRequest r, RequestMeta meta) {
        return switch (r.grantType()) {
            case GRANT_CLIENT_CREDENTIALS -> clientCredentials(r, meta);
            case GRANT_REFRESH_TOKEN -> refresh(r, meta);
            default -> throw OAuthException.badRequest(OAuthException.UNSUPPORTED_GRANT_TYPE,
                    "This server does not support this grant_type");
        };
    }

    private TokenResponse clientCredentials(TokenRequest r, RequestMeta meta) {
        if (r.credentials() == null) {
            throw OAuthException.invalidClient();
        }
        Authenticated client = r.credentials().secret() == null ? identifyPublic(r.credentials(), meta)
                : authenticate(r.credentials(), meta);
        if (client.isPublic()) {
            throw OAuthException.badRequest(OAuthException.UNAUTHORIZED_CLIENT,
                    "This client may not use the client_credentials grant");
        }
        List<String> granted = granted(client.scopes(), r.scope());
        String token = accessTokens.issueForClient(client.clientId(), granted, client.roles(), config.tokenTtl());
        Log.debugf("client token issued to %s", client.clientId());
        return new TokenResponse(token, "Bearer", config.tokenTtl().toSeconds(), String.join(" ", granted));
    }

    private TokenPairResponse refresh(TokenRequest r, RequestMeta meta) {
        if (r.refreshToken() == null || r.refreshToken().isEmpty()) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "refresh_token is required");
        }
        if (r.credentials() != null) {
            Authenticated client = r.credentials().secret() == null ? identifyPublic(r.credentials(), meta)
                    : authenticate(r.credentials(), meta);
            // refresh tokens belong to users' sessions; of the clients only a public (device) one holds them
            if (!client.isPublic()) {
                throw OAuthException.badRequest(OAuthException.UNAUTHORIZED_CLIENT,
                        "This client may not use the refresh_token grant");
            }
        }
        try {
            return auth.refresh(new RefreshRequest(r.refreshToken()), meta);
        } catch (ApiException e) {
            throw switch (e.code()) {
                case TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED, REFRESH_TOKEN_REUSED, ACCOUNT_DISABLED ->
                        OAuthException.badRequest(OAuthException.INVALID_GRANT, e.getMessage());
                case RATE_LIMITED -> new OAuthException(OAuthException.TEMPORARILY_UNAVAILABLE, 429, e.getMessage(),
                        e.retryAfterSeconds());
                default -> e;
            };
        }
    }

    /** A client identified by its secret; invalid_client (counted) or 429 otherwise. */
    private Authenticated authenticate(TokenRequest.Credentials credentials, RequestMeta meta) {
        refuseWhileOverTheLimit(meta);
        Authenticated found = QuarkusTransaction.requiringNew().call(() -> {
            Client c = plausible(credentials.clientId()) ? Client.findByClientId(credentials.clientId()) : null;
            boolean ok = secrets.matches(c, credentials.secret(), clock.instant());
            return ok && c.isLive() ? of(c) : null;
        });
        if (found == null) {
            failed(meta);
        }
        return found;
    }

    /** A public client by its id alone (no secret); any other client id is invalid_client. */
    private Authenticated identifyPublic(TokenRequest.Credentials credentials, RequestMeta meta) {
        refuseWhileOverTheLimit(meta);
        Authenticated found = QuarkusTransaction.requiringNew().call(() -> {
            Client c = plausible(credentials.clientId()) ? Client.findByClientId(credentials.clientId()) : null;
            return c != null && c.isLive() && c.isPublic() ? of(c) : null;
        });
        if (found == null) {
            failed(meta);
        }
        return found;
    }

    private Authenticated of(Client c) {
        return new Authenticated(c.clientId, c.isPublic(), List.copyOf(c.scopes), grantable(c.roles));
    }

    /** Never superuser or the administrator role, even if the configuration came to name a role a client holds. */
    private List<String> grantable(List<String> roles) {
        String admin = tokenConfig.adminRole().map(a -> a.toLowerCase(Locale.ROOT)).orElse(null);
        return roles.stream().filter(n -> !UserState.SUPERUSER.equals(n) && !n.toLowerCase(Locale.ROOT).equals(admin))
                .toList();
    }

    private static boolean plausible(String clientId) {
        return clientId != null && !clientId.isEmpty() && clientId.length() <= ClientStates.MAX_CLIENT_ID;
    }

    private void refuseWhileOverTheLimit(RequestMeta meta) {
        long wait = rateLimiter.waitClient(BUCKET, meta.ip(), limits.clientAuthFailuresPerIp());
        if (wait > 0) {
            throw OAuthException.tooMany(wait);
        }
    }

    private void failed(RequestMeta meta) {
        if (!rateLimiter.tryAcquireClient(BUCKET, meta.ip(), limits.clientAuthFailuresPerIp())) {
            throw OAuthException.tooMany(rateLimiter.waitClient(BUCKET, meta.ip(), limits.clientAuthFailuresPerIp()));
        }
        throw OAuthException.invalidClient();
    }

    /** None asked: all the client's scopes; any outside them is invalid_scope (RFC 6749 §3.3). */
    static List<String> granted(List<String> allowed, String requested) {
        if (requested == null || requested.isBlank()) {
            return allowed;
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String s : requested.trim().split(" +")) {
            if (!allowed.contains(s)) {
                throw OAuthException.badRequest(OAuthException.INVALID_SCOPE,
                        "A requested scope is unknown or not granted to this client");
            }
            asked.add(s);
        }
        return new ArrayList<>(asked);
    }
}
