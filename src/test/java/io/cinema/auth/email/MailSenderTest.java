package io.cinema.auth.email;

import static io.cinema.auth.support.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MailSenderTest {

    @Inject
    MailSender sender;

    @Test
    void aMailMadeInATransactionGoesOutOnlyAfterTheCommit() {
        String to = uniqueName("commit") + "@example.com";
        QuarkusTransaction.requiringNew().run(() -> {
            sender.afterCommit(mail(to));
            Mailbox.assertNothingMoreArrives(to, 0, Duration.ofMillis(700));
        });
        Mailbox.await(to, "after-commit test");
    }

    @Test
    void aMailMadeInATransactionThatRollsBackIsNeverSent() {
        String to = uniqueName("rollback") + "@example.com";
        assertThrows(IllegalStateException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            sender.afterCommit(mail(to));
            throw new IllegalStateException("the change fails after the mail was queued");
        }));
        Mailbox.assertNothingMoreArrives(to, 0, Duration.ofSeconds(1));
    }

    @Test
    void aFailureDescriptionNeverCarriesTheToken() {
        String token = "TOKEN-VALUE-123";
        String text = MailSender.describe(new RuntimeException("wrapper",
                new IllegalStateException("554 rejected: ...#token=" + token + " " + "x".repeat(400))), token);
        assertTrue(text.startsWith("IllegalStateException: 554 rejected"), text);
        assertTrue(!text.contains(token) && text.contains("[token]"), text);
        assertEquals(303, text.length());
    }

    private static OutgoingMail mail(String to) {
        return new OutgoingMail("notice", UUID.randomUUID(), to, "after-commit test", "no token here", null);
    }
}
