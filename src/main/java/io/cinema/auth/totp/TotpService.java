package io.cinema.auth.totp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.User;
import io.cinema.auth.account.service.AccountService;
import io.cinema.auth.account.service.CachedProfiles;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.support.Tx;
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

    @Inject
    CachedProfiles profiles;
    @Inject
    TotpConfig config;
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
    AccountService accounts;
    @Inject
    RateLimiter rateLimiter;
    @Inject
    Event<Object> events;

    /**
     * A new pending secret, replacing an earlier pending one; 409 when two-factor is already on. Needs the account's
     * email verified and a recent authentication: a stolen access token must not enrol an attacker's authenticator.
     */
    public EnrollmentResponse enroll(Principal p) {
        accounts.requireVerifiedEmailAndRecentAuthentication(p);
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
            profiles.changedOnCommit(u);
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
     * Turns two-factor off, proven by a one-time or a recovery code: the password alone is not enough (a stolen
     * session that knows it must not strip the second factor). The code takes its place in the account's brute-force
     * count before it is judged; pending mfa_tokens die with the factor.
     */
    public void disable(Principal p, DisableRequest r, RequestMeta meta) {
        if (r.code() == null || r.code().isBlank()) {
            throw ApiException.validation("code",
                    "a one-time or recovery code is required; the password alone is not enough");
        }
        boolean enabled = QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findById(p.userId());
            if (u == null) {
                throw ApiException.notFound("User");
            }
            return u.totpEnabled;
        });
        if (!enabled) {
            throw new ApiException(ErrorCode.CONFLICT, "Two-factor authentication is not on");
        }
        rateLimiter.attempt(RateLimiter.bruteForceSubject(p.userId(), null));
        Tx.refusalsCommit(() -> {
            User u = locked(p);
            if (!u.totpEnabled) {
                throw new ApiException(ErrorCode.CONFLICT, "Two-factor authentication is not on");
            }
            if (!verifier.verify(u, r.code(), r.code())) {
                history.record(u.id, LoginHistory.Event.LOGIN_FAILED, false, meta, "totp_invalid");
                throw invalidCode();
            }
            u.totpEnabled = false;
            u.totpSecret = null;
            u.totpPending = null;
            u.totpLastStep = null;
            u.updatedAt = clock.instant();
            profiles.changedOnCommit(u);
            recoveryCodes.deleteAll(u.id);
            MfaChallenge.voidAllOf(u.id);
            history.record(u.id, LoginHistory.Event.TOTP_DISABLED, true, meta, "code");
            events.fire(new AccountEvents.SecurityChange(u.id, "two-factor disabled"));
        });
        Log.infof("two-factor: disabled for user %s", p.userId());
    }

    String otpauthUri(String username, byte[] secret) {
        return otpauthUri(config.issuer(), username, secret);
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
