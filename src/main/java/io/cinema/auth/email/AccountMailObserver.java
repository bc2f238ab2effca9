package io.cinema.auth.email;

import java.time.Clock;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.User;
import io.cinema.auth.device.DeviceEvents;

/**
 * Turns the account feature's events (and the device flow's approvals) into tokens and mails. The events are fired
 * inside the change's transaction, so a token row commits (or rolls back) with the change; the mail itself goes out
 * after the commit. Every verification mail counts toward the mail limits of its address and of the client.
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
            emails.issueVerification(u, e.email(), e.meta(), clock.instant());
        }
    }

    void onEmailChangeRequested(@Observes AccountEvents.EmailChangeRequested e) {
        User u = User.findById(e.userId());
        if (u == null) {
            return;
        }
        // the link of a pending address that this newer change replaced is void
        MailToken.voidVerificationsNotFor(u.id, e.currentEmail(), e.pendingEmail());
        emails.issueVerification(u, e.pendingEmail(), e.meta(), clock.instant());
        if (e.currentEmail() != null && e.currentVerified()) {
            sender.afterCommit(composer.emailChangeRequestedNotice(u.id, u.username, e.currentEmail(),
                    e.pendingEmail()));
        }
    }

    void onEmailChanged(@Observes AccountEvents.EmailChanged e) {
        User u = User.findById(e.userId());
        if (u != null && e.oldEmail() != null && e.oldVerified()) {
            sender.afterCommit(composer.emailChangedNotice(u.id, u.username, e.oldEmail(), e.newEmail()));
        }
    }

    /** A TV signed in by device code: the approver's verified address hears of it, as of any new way in. */
    void onDeviceApproved(@Observes DeviceEvents.Approved e) {
        User u = User.findById(e.userId());
        if (u != null && u.email != null && u.emailVerified) {
            sender.afterCommit(composer.deviceSignInNotice(u.id, u.username, u.email, e.clientName(), e.at(),
                    e.deviceIp()));
        }
    }

    void onSecurityChange(@Observes AccountEvents.SecurityChange e) {
        User u = User.findById(e.userId());
        if (u != null && u.email != null && u.emailVerified) {
            sender.afterCommit(composer.securityNotice(u.id, u.username, u.email, e.what()));
        }
    }
}
