package io.cinema.auth.client;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.inject.Instance;
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
 * The token endpoint's rules (RFC 6749): {@code client_credentials} (§4.4) for confidential clients,
 * {@code refresh_token} (§6) under POST /auth/refresh's rules, and the device grant (RFC 8628 §3.4), which the device
 * feature judges ({@link DeviceCodeGrant}) once the public client is identified here. Client authentication gives
 * one answer, {@code invalid_client}, for an unknown client, a wrong secret and a disabled or deleted client, with the
 * same work done for each ({@link ClientSecrets#matches}). Wrong credentials are counted per client IP
 * ({@code auth.rate-limit.client-auth-failures-per-ip}); while an address is over the limit every attempt from it is
 * 429 before it is judged. The client itself is never locked: its id is no secret, so a lock would let anyone shut a
 * service out.
 */
@Singleton
public class ClientTokens {

    static final String GRANT_CLIENT_CREDENTIALS = "client_credentials";
    static final String GRANT_REFRESH_TOKEN = "refresh_token";
    /** RFC 8628 §3.4. */
    public static final String GRANT_DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code";
    static final String BUCKET = "client-auth-ip";

    /** What authentication found: the client's state at that moment (read in one short transaction). */
    private record Authenticated(UUID id, String clientId, String name, boolean isPublic, List<String> scopes,
            List<String> roles) {
    }

    /**
     * A public device client (a TV) as identification found it: its row id, OAuth client id, name, the scopes it
     * was granted for this request, and the roles its users' sessions may carry (never superuser or the
     * administrator role).
     */
    public record DeviceClient(UUID id, String clientId, String name, List<String> scopes, List<String> roles) {
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
    @Inject
    Instance<DeviceCodeGrant> deviceGrant;

    public Object token(TokenRequest r, RequestMeta meta) {
        return switch (r.grantType()) {
            case GRANT_CLIENT_CREDENTIALS -> clientCredentials(r, meta);
            case GRANT_REFRESH_TOKEN -> refresh(r, meta);
            case GRANT_DEVICE_CODE -> deviceCode(r, meta);
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
        UUID bound = null;
        if (r.credentials() != null) {
            Authenticated client = r.credentials().secret() == null ? identifyPublic(r.credentials(), meta)
                    : authenticate(r.credentials(), meta);
            // refresh tokens belong to users' sessions; of the clients only a public (device) one holds them
            if (!client.isPublic()) {
                throw OAuthException.badRequest(OAuthException.UNAUTHORIZED_CLIENT,
                        "This client may not use the refresh_token grant");
            }
            bound = client.id();
        }
        try {
            return auth.refresh(new RefreshRequest(r.refreshToken()), meta, bound);
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

    /** RFC 8628 §3.4: the public client named by {@code client_id} polls with its device code. */
    private TokenPairResponse deviceCode(TokenRequest r, RequestMeta meta) {
        if (!deviceGrant.isResolvable()) {
            throw OAuthException.badRequest(OAuthException.UNSUPPORTED_GRANT_TYPE,
                    "This server does not support this grant_type");
        }
        if (r.deviceCode() == null || r.deviceCode().isEmpty()) {
            throw OAuthException.badRequest(OAuthException.INVALID_REQUEST, "device_code is required");
        }
        return deviceGrant.get().exchange(deviceClient(r.credentials(), null, meta), r.deviceCode(), meta);
    }

    /**
     * The device client a request names, for the device authorization endpoint and the device grant: invalid_client
     * (401, counted per client IP like a wrong secret) for no client, an unknown, disabled or deleted one, or one that
     * fails its authentication; unauthorized_client for a client without the {@code device_code} grant;
     * invalid_scope for a {@code scope} outside the client's.
     */
    public DeviceClient deviceClient(TokenRequest.Credentials credentials, String scope, RequestMeta meta) {
        if (credentials == null) {
            throw OAuthException.invalidClient();
        }
        Authenticated client = credentials.secret() == null ? identifyPublic(credentials, meta)
                : authenticate(credentials, meta);
        if (!client.isPublic()) {
            throw OAuthException.badRequest(OAuthException.UNAUTHORIZED_CLIENT,
                    "This client may not use the device_code grant");
        }
        return new DeviceClient(client.id(), client.clientId(), client.name(), granted(client.scopes(), scope),
                client.roles());
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
        return new Authenticated(c.id, c.clientId, c.name, c.isPublic(), List.copyOf(c.scopes), grantable(c.roles));
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
