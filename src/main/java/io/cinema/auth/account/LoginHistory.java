package io.cinema.auth.account;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.Cidr;
import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.ServiceSecret;

/** Writes login-history rows, in the caller's transaction, so an event and its record commit together. */
@Singleton
public class LoginHistory {

    /** The contract's event types. */
    public enum Event {
        SIGNUP, LOGIN, LOGIN_FAILED, REFRESH, LOGOUT, PASSWORD_CHANGE, PASSWORD_RESET, EMAIL_VERIFIED, SOCIAL_LOGIN,
        SOCIAL_LINK, TOTP_ENABLED, TOTP_DISABLED, SESSION_REVOKED, SECOND_FACTOR_REQUIRED, REAUTH, DEVICE_LOGIN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Clock clock;
    private final byte[] fingerprintKey;

    @Inject
    public LoginHistory(Clock clock, ServiceSecret secret) {
        this.clock = clock;
        this.fingerprintKey = secret.derive("device-fingerprint");
    }

    public void record(UUID userId, Event event, boolean success, RequestMeta meta) {
        record(userId, event, success, meta, null);
    }

    public void record(UUID userId, Event event, boolean success, RequestMeta meta, String detail) {
        row(userId, event, success, meta, detail).persist();
    }

    /** The row {@link #record} would write, not persisted: for a caller that writes it in a statement of its own. */
    public AuthHistory row(UUID userId, Event event, boolean success, RequestMeta meta, String detail) {
        AuthHistory h = new AuthHistory();
        h.id = UUID.randomUUID();
        h.userId = userId;
        h.eventType = event.wire();
        h.success = success;
        h.occurredAt = clock.instant();
        if (meta != null) {
            h.ipAddress = meta.ip();
            h.userAgent = meta.userAgent();
            // a device-code login is the TV's, whose address and agent the meta carries
            h.device = event == Event.DEVICE_LOGIN ? DeviceClassifier.TV : DeviceClassifier.classify(meta.userAgent());
            h.fingerprint = fingerprint(meta);
        }
        h.detail = detail == null ? null : detail.substring(0, Math.min(100, detail.length()));
        return h;
    }

    /** A keyed hash of the user agent and the client network (IPv4 /24, IPv6 /64) that groups one device's events. */
    String fingerprint(RequestMeta meta) {
        String network = "";
        InetAddress a = Cidr.literal(meta.ip());
        if (a != null) {
            byte[] b = a.getAddress();
            int keep = b.length == 4 ? 3 : 8;
            network = Crypto.hex(Arrays.copyOf(b, keep));
        }
        String ua = meta.userAgent() == null ? "" : meta.userAgent();
        return Crypto.hex(Arrays.copyOf(Crypto.hmacSha256(fingerprintKey, ua + "\u0000" + network), 16));
    }
}
