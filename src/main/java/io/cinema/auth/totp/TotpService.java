package io.cinema.auth.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.Identifiers;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.PasswordHasher;
import io.cinema.auth.account.User;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.AuthConfig;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.Principal;
import io.cinema.auth.totp.TotpModels.ConfirmRequest;
import io.cinema.auth.totp.TotpModels.DisableRequest;
import io.cinema.auth.totp.TotpModels.EnrollmentResponse;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Two-factor enrolment, confirmation and removal. A new secret stays pending (encrypted in {@code totp_pending})
 * until a code of it is confirmed; then it becomes the active secret and ten recovery codes are issued.
 */
@Singleton
public class TotpService {

    private enum DisableOutcome {
        DISABLED, WRONG_PASSWORD, WRONG_CODE
    }

    private record Snapshot(String username, String passwordHash, boolean enabled) {
    }

    @Inject
    AuthConfig config;
    @Inject
    Clock clock;
    @Inject
    TotpSecrets secrets;
    @Inject
    TotpVerifier verifier;
    @Inject
    RecoveryCodes recoveryCodes;
    @Inject
    LoginHistory history;
    @Inject
    PasswordHasher hasher;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    Event<Object> events;

    /** A new pending secret, replacing an earlier pending one; 409 when two-factor is already on. */
    public EnrollmentResponse enroll(Principal p) {
        return QuarkusTransaction.requiringNew().call(() -> {
            User u = locked(p);
            if (u.totpEnabled) {
                throw new ApiException(ErrorCode.CONFLICT, "Two-factor authentication is already on; disable it first");
            }
            byte[] secret = secrets.newSecret();
            u.totpPending = secrets.encrypt(u.id, secret);
            u.totpLastStep = null;
            u.updatedAt = clock.instant();
            Log.infof("two-factor: enrolment started for user %s", u.id);
            return new EnrollmentResponse(TotpSecrets.base32(secret), otpauthUri(u.username, secret));
        });
    }

    /** The PNG QR code of the pending enrolment's otpauth URI; 404 when nothing is pending. */
    public byte[] pendingQrCode(Principal p) {
        String uri = QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findById(p.userId());
            if (u == null) {
                throw ApiException.notFound("User");
            }
            if (u.totpPending == null) {
                throw ApiException.notFound("Pending two-factor enrolment");
            }
            return otpauthUri(u.username, secrets.decrypt(u.id, u.totpPending));
        });
        return QrPng.render(uri);
    }

    /** Turns two-factor on with a code of the pending secret; returns the new recovery codes in clear, once. */
    public List<String> confirm(Principal p, ConfirmRequest r, RequestMeta meta) {
        List<String> codes = QuarkusTransaction.requiringNew().call(() -> {
            User u = locked(p);
            if (u.totpEnabled) {
                throw new ApiException(ErrorCode.CONFLICT, "Two-factor authentication is already on");
            }
            if (u.totpPending == null) {
                throw new ApiException(ErrorCode.CONFLICT, "No two-factor enrolment is pending; start one first");
            }
            if (!verifier.acceptCode(u, secrets.decrypt(u.id, u.totpPending), r.code())) {
                return null;
            }
            Instant now = clock.instant();
            u.totpSecret = u.totpPending;
            u.totpPending = null;
            u.totpEnabled = true;
            u.updatedAt = now;
            List<String> issued = recoveryCodes.replace(u.id, now);
            history.record(u.id, LoginHistory.Event.TOTP_ENABLED, true, meta);
            events.fire(new AccountEvents.SecurityChange(u.id, "two-factor enabled"));
            return issued;
        });
        if (codes == null) {
            throw invalidCode();
        }
        Log.infof("two-factor: enabled for user %s", p.userId());
        return codes;
    }

    /**
     * Turns two-factor off, proven by a one-time code, a recovery code or the password. Wrong proofs count toward
     * the login brute-force lock of the account, and a locked account cannot turn it off either.
     */
    public void disable(Principal p, DisableRequest r, RequestMeta meta) {
        boolean byCode = r.code() != null && !r.code().isBlank();
        boolean byPassword = r.password() != null && !r.password().isEmpty();
        if (!byCode && !byPassword) {
            throw ApiException.validation("code", "give a one-time code, a recovery code or the password");
        }
        if (byCode && byPassword) {
            throw ApiException.validation("code", "give either a code or the password, not both");
        }
        Snapshot s = QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findById(p.userId());
            if (u == null) {
                throw ApiException.notFound("User");
            }
            return new Snapshot(u.username, u.passwordHash, u.totpEnabled);
        });
        if (!s.enabled()) {
            throw new ApiException(ErrorCode.CONFLICT, "Two-factor authentication is not on");
        }
        String loginKey = Identifiers.loginKey(s.username());
        rateLimiter.checkNotLocked(loginKey);
        // hashed outside any transaction: no connection is held while Argon2 runs
        if (byPassword && !hasher.verify(r.password(), s.passwordHash())) {
            rateLimiter.recordFailure(loginKey);
            throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "The password is wrong");
        }
        DisableOutcome outcome = QuarkusTransaction.requiringNew().call(() -> {
            User u = locked(p);
            if (!u.totpEnabled) {
                throw new ApiException(ErrorCode.CONFLICT, "Two-factor authentication is not on");
            }
            if (byPassword && !Objects.equals(u.passwordHash, s.passwordHash())) {
                return DisableOutcome.WRONG_PASSWORD; // changed while we hashed
            }
            if (byCode && !verifier.verify(u, r.code(), r.code())) {
                return DisableOutcome.WRONG_CODE;
            }
            u.totpEnabled = false;
            u.totpSecret = null;
            u.totpPending = null;
            u.totpLastStep = null;
            u.updatedAt = clock.instant();
            recoveryCodes.deleteAll(u.id);
            history.record(u.id, LoginHistory.Event.TOTP_DISABLED, true, meta, byCode ? "code" : "password");
            events.fire(new AccountEvents.SecurityChange(u.id, "two-factor disabled"));
            return DisableOutcome.DISABLED;
        });
        switch (outcome) {
            case WRONG_PASSWORD -> {
                rateLimiter.recordFailure(loginKey);
                throw new ApiException(ErrorCode.INVALID_CREDENTIALS, "The password is wrong");
            }
            case WRONG_CODE -> {
                rateLimiter.recordFailure(loginKey);
                throw invalidCode();
            }
            case DISABLED -> Log.infof("two-factor: disabled for user %s", p.userId());
        }
    }

    String otpauthUri(String username, byte[] secret) {
        return otpauthUri(config.totp().issuer(), username, secret);
    }

    /** {@code otpauth://totp/Issuer:username?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30}, URL-encoded. */
    static String otpauthUri(String issuer, String username, byte[] secret) {
        Totp t = Totp.STANDARD;
        return "otpauth://totp/" + encode(issuer) + ":" + encode(username)
                + "?secret=" + TotpSecrets.base32(secret)
                + "&issuer=" + encode(issuer)
                + "&algorithm=" + t.algorithm().uriName()
                + "&digits=" + t.digits()
                + "&period=" + t.periodSeconds();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static User locked(Principal p) {
        User u = User.findForUpdate(p.userId());
        if (u == null) {
            throw ApiException.notFound("User");
        }
        return u;
    }

    private static ApiException invalidCode() {
        return new ApiException(ErrorCode.TOTP_INVALID, "The two-factor code is wrong, expired or used");
    }
}
