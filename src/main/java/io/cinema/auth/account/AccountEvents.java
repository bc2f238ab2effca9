package io.cinema.auth.account;

import java.util.UUID;

import io.cinema.auth.support.RequestMeta;

/**
 * Events the account feature fires inside the transaction that makes the change; other features (mail) observe them,
 * in the same transaction to write what belongs with the change, or after it commits to send mail.
 */
public final class AccountEvents {

    private AccountEvents() {
    }

    /** A new account; {@code email} may be null for an account a provider made without one. */
    public record Registered(UUID userId, String email, boolean emailVerified, RequestMeta meta) {
    }

    /**
     * The owner asked to change the account's email from {@code currentEmail} (null if none) to {@code pendingEmail},
     * which waits for its link.
     */
    public record EmailChangeRequested(UUID userId, String currentEmail, boolean currentVerified, String pendingEmail,
            RequestMeta meta) {
    }

    /** A pending address was proven: the account's email is now {@code newEmail}; the old one may get a notice. */
    public record EmailChanged(UUID userId, String oldEmail, boolean oldVerified, String newEmail) {
    }

    /**
     * A first social login that joins an existing account by its verified email, held back until the second factor
     * passed: the social feature writes the link in this transaction.
     */
    public record ProviderJoinConfirmed(UUID userId, String provider, String socialId, String email, RequestMeta meta) {
    }

    /**
     * A password reset proved a mailbox this account had never verified: whoever planted logins on the account
     * before loses them (the social feature removes the linked providers in this transaction).
     */
    public record MailboxFirstProven(UUID userId) {
    }

    /** Something an owner must hear about changed (password, two-factor, linked providers). */
    public record SecurityChange(UUID userId, String what) {
    }
}
