package io.cinema.auth.email;

import static io.cinema.auth.support.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.email.EmailRequests.ForgotPasswordRequest;
import io.cinema.auth.support.RequestMeta;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MailSenderTest {

    @Inject
    MailSender sender;
    @Inject
    EmailService emails;
    @Inject
    MeterRegistry registry;

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
    void aMailMadeInATransactionMarkedRollbackOnlyIsNeverSent() {
        String to = uniqueName("doomed") + "@example.com";
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            QuarkusTransaction.setRollbackOnly();
            sender.afterCommit(mail(to));
        }));
        Mailbox.assertNothingMoreArrives(to, 0, Duration.ofSeconds(1));
    }

    @Test
    void forgotPasswordWorkBeyondTheQueueIsDroppedCountedAndTheAnswerStillComesAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(2);
        try (LogCapture logs = LogCapture.start()) {
            // both workers held, then the queue filled to its bound
            for (int i = 0; i < 2; i++) {
                emails.forgotWorkers.execute(() -> {
                    busy.countDown();
                    await(release);
                });
            }
            assertTrue(busy.await(10, TimeUnit.SECONDS), "the two workers never started");
            for (int i = 0; i < EmailService.FORGOT_QUEUE; i++) {
                emails.forgotWorkers.execute(() -> {
                });
            }
            assertThrows(RejectedExecutionException.class, () -> emails.forgotWorkers.execute(() -> {
            }));
            double before = registry.counter("auth.mail.failures", "kind", "reset").count();
            String address = uniqueName("dropped") + "@example.com";
            emails.forgot(new ForgotPasswordRequest(address), new RequestMeta(freshIp(), "test"));
            assertEquals(before + 1, registry.counter("auth.mail.failures", "kind", "reset").count());
            logs.assertSomeLineContains("too many password-reset requests waiting; one was dropped");
        } finally {
            release.countDown();
        }
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

    /** An address of its own in the benchmark range, so that the per-client mail limit never refuses this call. */
    private static String freshIp() {
        int n = java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 17);
        return "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xFF) + "." + (n & 0xFF);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static OutgoingMail mail(String to) {
        return new OutgoingMail("notice", UUID.randomUUID(), to, "after-commit test", "no token here", null);
    }
}
