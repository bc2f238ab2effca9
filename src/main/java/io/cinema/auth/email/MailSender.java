package io.cinema.auth.email;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.cinema.auth.support.Throwables;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.mutiny.Uni;

/**
 * Sends the service's mails through Quarkus Mailer (plain SMTP to the configured server). A mail made inside a
 * transaction goes out only after that transaction commits, and never on the caller's thread: the reactive mailer
 * talks SMTP on the event loop. A failure is logged without the token or the link, counted in
 * {@code auth.mail.failures}, and never fails the request that caused the mail (the user can ask again).
 */
@Singleton
public class MailSender {

    /** The pause before the one retry of a failed attempt. */
    static final Duration RETRY_AFTER = Duration.ofMillis(500);

    private final ReactiveMailer mailer;
    private final TransactionSynchronizationRegistry transactions;
    private final MeterRegistry registry;
    private final String from;
    private final Duration timeout;

    @Inject
    public MailSender(ReactiveMailer mailer, TransactionSynchronizationRegistry transactions, MeterRegistry registry,
            EmailConfig config, @ConfigProperty(name = "quarkus.mailer.timeout", defaultValue = "10s") Duration timeout) {
        this.mailer = mailer;
        this.transactions = transactions;
        this.registry = registry;
        this.from = config.from();
        this.timeout = timeout;
    }

    /** Sends the mail once the current transaction commits; nothing is sent if it rolls back. */
    void afterCommit(OutgoingMail mail) {
        if (transactions.getTransactionStatus() == Status.STATUS_NO_TRANSACTION) {
            send(mail);
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
                // nothing to write: the token row is already part of the transaction
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    send(mail);
                }
            }
        });
    }

    /**
     * Starts sending and returns at once; the outcome is only logged and counted. A failed attempt is made once more,
     * on a fresh connection, before it counts: Vert.x's mail client can lose the greeting of a connection it opens
     * while another mail is on its way (seen as a garbled greeting, "got error response: eenMail SMTP...", or as no
     * answer at all until our timeout), which hit the first mail after a mail server came back. Each attempt is
     * bounded by {@code quarkus.mailer.timeout}.
     */
    void send(OutgoingMail mail) {
        try {
            Uni.createFrom().deferred(() -> attempt(mail))
                    .onFailure().retry().withBackOff(RETRY_AFTER).atMost(1)
                    .subscribe().with(ok -> sent(mail), failure -> failed(mail, failure));
        } catch (RuntimeException e) {
            failed(mail, e);
        }
    }

    private Uni<Void> attempt(OutgoingMail mail) {
        return mailer.send(Mail.withText(mail.to(), mail.subject(), mail.body()).setFrom(from))
                .ifNoItem().after(timeout)
                .failWith(() -> new TimeoutException("no answer from the mail server within " + timeout));
    }

    private void sent(OutgoingMail mail) {
        registry.counter("auth.mail.sent", "kind", mail.kind()).increment();
        Log.debugf("mail: %s mail for user %s handed to the mail server", mail.kind(), mail.userId());
    }

    private void failed(OutgoingMail mail, Throwable failure) {
        // logged before counted: whoever watches the counter finds the reason already in the log
        Log.warnf("mail: the %s mail for user %s could not be sent (%s); the user can ask for it again", mail.kind(),
                mail.userId(), describe(failure, mail.secret()));
        registry.counter("auth.mail.failures", "kind", mail.kind()).increment();
    }

    /** The failure's type and message, scrubbed of the token in case a server echoed any of the mail back. */
    static String describe(Throwable failure, String secret) {
        Throwable root = Throwables.root(failure);
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        if (secret != null) {
            text = text.replace(secret, "[token]");
        }
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
