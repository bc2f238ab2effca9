package io.cinema.auth.totp;

import java.time.Clock;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cinema.auth.account.SecondFactor;
import io.cinema.auth.account.User;

/**
 * Checks one-time and recovery codes for a user whose row the caller holds locked. A one-time code is accepted
 * within one step either side of now, and only if its step is newer than {@code users.totp_last_step}, which it then
 * becomes: the replay guard lives in PostgreSQL, so it holds on every replica and across a Redis restart.
 */
@ApplicationScoped
public class TotpVerifier implements SecondFactor {

    /** Steps accepted either side of now: one covers a phone clock about 30 s off and a code typed at a boundary. */
    static final int WINDOW = 1;

    @Inject
    Clock clock;
    @Inject
    TotpSecrets secrets;
    @Inject
    RecoveryCodes recoveryCodes;

    @Override
    public boolean verify(User user, String totpCode, String recoveryCode) {
        if (!user.totpEnabled || user.totpSecret == null) {
            return false;
        }
        if (present(totpCode) && acceptCode(user, secrets.decrypt(user.id, user.totpSecret), totpCode)) {
            return true;
        }
        return present(recoveryCode) && recoveryCodes.spend(user.id, recoveryCode, clock.instant());
    }

    /**
     * Accepts a one-time code of {@code secret} (the active or the pending one) and advances the user's last step;
     * the caller holds the row locked and commits.
     */
    boolean acceptCode(User user, byte[] secret, String code) {
        OptionalLong step = Totp.STANDARD.match(secret, digitsOnly(code), Totp.STANDARD.currentStep(clock), WINDOW,
                user.totpLastStep);
        if (step.isEmpty()) {
            return false;
        }
        user.totpLastStep = step.getAsLong();
        return true;
    }

    /** Authenticator apps show "123 456"; people type it so. */
    private static String digitsOnly(String code) {
        return code.strip().replace(" ", "");
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }
}
