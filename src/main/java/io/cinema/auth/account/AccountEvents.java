package io.cinema.auth.account;

import java.util.UUID;

/**
 * Events the account feature fires inside the transaction that makes the change; other features (mail) observe them,
 * in the same transaction to write what belongs with the change, or after it commits to send mail.
 */
public final class AccountEvents {

    private AccountEvents() {
    }

    /** A new account; {@code email} may be null for an account a provider made without one. */
    public record Registered(UUID userId, String email, boolean emailVerified) {
    }

    /** The account's email changed from {@code oldEmail} (null if none) to {@code newEmail}. */
    public record EmailChanged(UUID userId, String oldEmail, boolean oldVerified, String newEmail) {
    }

    /** Something an owner must hear about changed (password, two-factor, linked providers). */
    public record SecurityChange(UUID userId, String what) {
    }
}
