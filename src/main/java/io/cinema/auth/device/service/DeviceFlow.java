package io.cinema.auth.device.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.service.AccountService;
import io.cinema.auth.client.Client;
import io.cinema.auth.client.ClientTokens.DeviceClient;
import io.cinema.auth.client.DeviceCodeGrant;
import io.cinema.auth.client.OAuthException;
import io.cinema.auth.device.DeviceCode;
import io.cinema.auth.device.DeviceCode.Status;
import io.cinema.auth.device.DeviceCodes;
import io.cinema.auth.device.DeviceConfig;
import io.cinema.auth.device.DeviceEvents;
import io.cinema.auth.device.DeviceModels.DeviceAuthorizationResponse;
import io.cinema.auth.device.DeviceModels.DeviceRequestResponse;
import io.cinema.auth.device.DeviceModels;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.RateLimitConfig;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.support.Throwables;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.Sessions;
import io.cinema.auth.token.TokenConfig;
import io.cinema.auth.token.TokenPairResponse;
import io.cinema.auth.token.UserState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * TV sign-in by device code (RFC 8628): the TV's request, its polls at the token endpoint, and the viewer's lookup
 * and decision from a signed-in phone or browser.
 *
 * <p>Every replica judges a poll the same way because the state lives in the request's PostgreSQL row and changes
 * only under its row lock: the status, the interval (grown by 5 s at each too-early poll, slow_down) and the last
 * poll. An approval opens the TV's session at once (the TV's own address and user agent, never recently
 * authenticated, its tokens limited to the TV client's roles), ending when the request expires; the poll that picks
 * it up, under the same lock, issues its first token pair and makes it a normal session, exactly once.
 */
@Singleton
public class DeviceFlow implements DeviceCodeGrant {

    /** RFC 8628 §3.5: each too-early poll adds this to the interval, for it and all later polls. */
    static final int SLOW_DOWN_SECONDS = 5;
    /** A fresh user code that collides with a pending one is drawn again, at most this often. */
    static final int USER_CODE_DRAWS = 5;

    /** What a poll found, decided under the row lock and answered after the commit. */
    private sealed interface Poll {
    }

    private record Refused(String error, String description) implements Poll {
    }

    private record Issued(Sessions.Opened opened) implements Poll {
    }

    /** What an approval did, for the log line after the commit. */
    private record Decided(UUID sessionId, String clientId) {
    }

    @Inject
    Clock clock;
    @Inject
    DeviceConfig config;
    @Inject
    DeviceCodes codes;
    @Inject
    DeviceGuesses guesses;
    @Inject
    ServiceConfig service;
    @Inject
    TokenConfig tokenConfig;
    @Inject
    Sessions sessions;
    @Inject
    LoginHistory history;
    @Inject
    AccountService accounts;
    @Inject
    Event<Object> events;
    @Inject
    RateLimiter limiter;
    @Inject
    RateLimitConfig limits;

    // -----------------------------------------------------------------------------------------------------------------
    // The TV: POST /oauth2/device_authorization and the device grant at POST /oauth2/token
    // -----------------------------------------------------------------------------------------------------------------

    /**
     * RFC 8628 §3.1-3.2: a new request of the identified device client, from the TV's address and agent; past
     * {@code auth.rate-limit.device-authorizations-per-ip} 429 (temporarily_unavailable, with Retry-After).
     */
    public DeviceAuthorizationResponse authorize(DeviceClient client, RequestMeta tv) {
        limiter.checkClient("device-authorization-ip", tv.ip(), limits.deviceAuthorizationsPerIp());
        String deviceCode = codes.newDeviceCode();
        byte[] hash = codes.hash(deviceCode);
        int interval = (int) Math.max(1, config.interval().toSeconds());
        for (int draw = 1; ; draw++) {
            String userCode = codes.newUserCode();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Instant now = clock.instant();
                    DeviceCode row = new DeviceCode();
                    row.id = UUID.randomUUID();
                    row.clientId = client.id();
                    row.deviceCodeHash = hash;
                    row.userCode = userCode;
                    row.scopes = new ArrayList<>(client.scopes());
                    row.requestedAt = now;
                    row.expiresAt = now.plus(config.codeTtl());
                    row.deviceIp = tv.ip();
                    row.deviceUserAgent = tv.userAgent();
                    row.intervalSeconds = interval;
                    row.persistAndFlush();
                });
                Log.debugf("device: request of client %s opened", client.clientId());
                String display = DeviceCodes.display(userCode);
                String uri = verificationUri();
                return new DeviceAuthorizationResponse(deviceCode, display, uri,
                        uri + (uri.contains("?") ? "&" : "?") + "user_code=" + display,
                        config.codeTtl().toSeconds(), interval);
            } catch (RuntimeException e) {
                boolean collided = Throwables.uniqueViolation(e)
                        .filter(sql -> String.valueOf(sql.getMessage()).contains("device_codes_user_code_uq"))
                        .isPresent();
                if (!collided || draw >= USER_CODE_DRAWS) {
                    throw e;
                }
            }
        }
    }

    /** {@code auth.device.verification-uri}, or the hosted page under the public URL. */
    String verificationUri() {
        return config.verificationUri().filter(u -> !u.isBlank()).orElse(service.effectivePublicUrl() + "/device");
    }

    /** RFC 8628 §3.4-3.5: one poll of the TV. */
    @Override
    public TokenPairResponse exchange(DeviceClient client, String deviceCode, RequestMeta meta) {
        if (!DeviceCodes.plausible(deviceCode)) {
            throw invalidGrant();
        }
        byte[] hash = codes.hash(deviceCode);
        Poll poll = QuarkusTransaction.requiringNew().call(() -> poll(client, hash));
        if (poll instanceof Refused r) {
            throw OAuthException.badRequest(r.error(), r.description());
        }
        Sessions.Opened opened = ((Issued) poll).opened();
        Log.infof("device: TV of client %s picked up session %s of user %s", client.clientId(), opened.session().id,
                opened.userId());
        return sessions.pair(opened);
    }

    /** Under the request's row lock; what it writes (the polling state, a pick-up) commits with any answer. */
    private Poll poll(DeviceClient client, byte[] hash) {
        Instant now = clock.instant();
        DeviceCode row = DeviceCode.findByHashForUpdate(hash);
        if (row == null || !row.clientId.equals(client.id())) {
            // the same answer for a code of another client: a client id is no secret
            return new Refused(OAuthException.INVALID_GRANT, "The device_code is unknown or not this client's");
        }
        if (row.is(Status.CONSUMED)) {
            return new Refused(OAuthException.INVALID_GRANT, "The device_code was already used");
        }
        if (row.is(Status.DENIED)) {
            return new Refused(OAuthException.ACCESS_DENIED, "The sign-in was denied");
        }
        if (row.isExpired(now)) {
            return new Refused(OAuthException.EXPIRED_TOKEN, "The device_code has expired; start again");
        }
        if (row.is(Status.PENDING)) {
            boolean early = row.lastPolledAt != null && now.isBefore(row.lastPolledAt.plusSeconds(row.intervalSeconds));
            row.lastPolledAt = now;
            if (early) {
                row.intervalSeconds += SLOW_DOWN_SECONDS;
                return new Refused(OAuthException.SLOW_DOWN,
                        "Polling too fast: wait " + row.intervalSeconds + " seconds between requests");
            }
            return new Refused(OAuthException.AUTHORIZATION_PENDING, "The viewer has not approved the sign-in yet");
        }
        row.lastPolledAt = now;
        Session s = row.sessionId == null ? null : Session.findForUpdate(row.sessionId);
        Sessions.Opened opened = s != null && s.isLive(now) ? sessions.pickUp(s, now) : null;
        if (opened == null) {
            // the TV's session was logged out (or the account disabled) before the TV came for it
            row.set(Status.DENIED);
            return new Refused(OAuthException.ACCESS_DENIED, "The sign-in was revoked");
        }
        row.set(Status.CONSUMED);
        return new Issued(opened);
    }

    private static OAuthException invalidGrant() {
        return OAuthException.badRequest(OAuthException.INVALID_GRANT,
                "The device_code is unknown or not this client's");
    }

    // -----------------------------------------------------------------------------------------------------------------
    // The viewer: GET /api/v1/device and POST /api/v1/device/approve
    // -----------------------------------------------------------------------------------------------------------------

    /**
     * What a pending request shows its approver; 404 NOT_FOUND for a code that is unknown, used, denied or expired,
     * counted as a wrong code.
     */
    public DeviceRequestResponse lookup(Principal caller, String typed, RequestMeta meta) {
        checkTyped(typed);
        String userCode = DeviceCodes.normalise(typed);
        guesses.attempt(caller.userId(), meta.ip());
        DeviceRequestResponse found = userCode == null ? null : QuarkusTransaction.requiringNew().call(() -> {
            DeviceCode row = DeviceCode.findPending(userCode, clock.instant());
            Client c = row == null ? null : Client.findById(row.clientId);
            if (c == null || !c.isLive()) {
                return null;
            }
            return new DeviceRequestResponse(c.name, List.copyOf(row.scopes), row.requestedAt, row.expiresAt,
                    row.deviceIp, row.deviceUserAgent);
        });
        if (found == null) {
            throw notFound();
        }
        guesses.rightCode(caller.userId(), meta.ip());
        return found;
    }

    /**
     * The viewer approves (or with {@code deny} refuses) a pending request: 401 REAUTH_REQUIRED unless the caller's
     * session proved its password recently; 404 NOT_FOUND for an unknown, used, denied or expired code (a second
     * decision included), counted as a wrong code. An approval opens the TV's session, records {@code device_login}
     * and sends the approver's verified address a notice.
     */
    public void decide(Principal caller, String typed, boolean deny, RequestMeta meta) {
        checkTyped(typed);
        accounts.requireRecentAuthentication(caller);
        String userCode = DeviceCodes.normalise(typed);
        guesses.attempt(caller.userId(), meta.ip());
        Decided decided = userCode == null ? null : QuarkusTransaction.requiringNew().call(() -> {
            Instant now = clock.instant();
            // a concurrent decision on the same request waits here, then finds it no longer pending
            DeviceCode row = DeviceCode.findPendingForUpdate(userCode, now);
            Client c = row == null ? null : Client.findById(row.clientId);
            if (c == null || !c.isLive()) {
                return null;
            }
            RequestMeta tv = new RequestMeta(row.deviceIp, row.deviceUserAgent);
            row.decidedBy = caller.userId();
            row.decidedAt = now;
            if (deny) {
                row.set(Status.DENIED);
                history.record(caller.userId(), LoginHistory.Event.DEVICE_LOGIN, false, tv, "denied");
                return new Decided(null, c.clientId);
            }
            Session s = sessions.openForDevice(caller.userId(), c.id, deviceRoles(c.roles), tv, now, row.expiresAt);
            row.sessionId = s.id;
            row.set(Status.APPROVED);
            history.record(caller.userId(), LoginHistory.Event.DEVICE_LOGIN, true, tv, "approved");
            events.fire(new DeviceEvents.Approved(caller.userId(), c.name, now, row.deviceIp));
            return new Decided(s.id, c.clientId);
        });
        if (decided == null) {
            throw notFound();
        }
        guesses.rightCode(caller.userId(), meta.ip());
        if (decided.sessionId() == null) {
            Log.infof("device: user %s denied a TV sign-in of client %s", caller.userId(), decided.clientId());
        } else {
            Log.infof("device: user %s approved a TV sign-in of client %s (session %s)", caller.userId(),
                    decided.clientId(), decided.sessionId());
        }
    }

    /** The TV client's roles its sessions may carry: never superuser or the administrator role. */
    List<String> deviceRoles(List<String> clientRoles) {
        String admin = tokenConfig.adminRole().map(a -> a.toLowerCase(Locale.ROOT)).orElse(null);
        return clientRoles.stream().filter(r -> !UserState.SUPERUSER.equals(r))
                .filter(r -> !r.toLowerCase(Locale.ROOT).equals(admin)).toList();
    }

    /** A missing or overlong code is a malformed request (400), not a wrong code. */
    private static void checkTyped(String typed) {
        if (typed == null || typed.isBlank()) {
            throw ApiException.validation("user_code", "is required");
        }
        if (typed.length() > DeviceModels.MAX_TYPED_USER_CODE) {
            throw ApiException.validation("user_code", "must be at most " + DeviceModels.MAX_TYPED_USER_CODE
                    + " characters");
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("Device sign-in request");
    }
}
