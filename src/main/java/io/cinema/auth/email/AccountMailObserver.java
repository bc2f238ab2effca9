package io.cinema.auth.email;

import java.time.Clock;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.User;

/**
 * Turns the account feature's events into tokens and mails. The events are fired inside the change's transaction, so
 * a token row commits (or rolls back) with the change; the mail itself goes out after the commit.
 */
@Singleton
public class AccountMailObserver {

    @Inject
    Clock clock;
    @Inject
    EmailService emails;
    @Inject
    MailComposer composer;
    @Inject
    MailSender sender;

    void onRegistered(@Observes AccountEvents.Registered e) {
        if (e.email() == null || e.emailVerified()) {
            return;
        }
        User u = User.findById(e.userId());
        if (u != null) {
            emails.issueVerification(u, e.email(), clock.instant());
        }
    }

    void onEmailChanged(@Observes AccountEvents.EmailChanged e) {
        User u = User.findById(e.userId());
        if (u == null) {
            return;
        }
        if (e.newEmail() != null) {
            // tokens mailed to the old address are void by rule; dropping them keeps the table honest
            MailToken.voidTokensNotFor(u.id, e.newEmail());
            emails.issueVerification(u, e.newEmail(), clock.instant());
        }
        if (e.oldEmail() != null && e.oldVerified()) {
            sender.afterCommit(composer.emailChangedNotice(u.id, u.username, e.oldEmail(), e.newEmail()));
        }
    }

    void onSecurityChange(@Observes AccountEvents.SecurityChange e) {
        User u = User.findById(e.userId());
        if (u != null && u.email != null && u.emailVerified) {
            sender.afterCommit(composer.securityNotice(u.id, u.username, u.email, e.what()));
        }
    }
}
