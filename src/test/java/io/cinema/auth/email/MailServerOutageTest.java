package io.cinema.auth.email;

import static io.cinema.auth.email.EmailVerificationResourceTest.RESEND;
import static io.cinema.auth.email.EmailVerificationResourceTest.VERIFY;
import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;

import io.cinema.auth.account.User;
import io.cinema.auth.support.Api.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class MailServerOutageTest {

    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "quarkus.mailer.timeout")
    java.time.Duration mailerTimeout;

    @Test
    void aSignupWhileTheMailServerIsDownSucceedsWritesAWholeAccountAndTheUserCanAskAgain() {
        GreenMail smtp = GreenMailResource.greenMail();
        double before = failures("verify");
        TestUser u;
        try (LogCapture logs = LogCapture.start()) {
            smtp.stop();
            try {
                u = signup();
                json().body(Map.of("email", u.email())).post(PasswordResetResourceTest.FORGOT).then().statusCode(202);
                awaitFailuresAbove("verify", before);
            } finally {
                smtp.start();
            }
            logs.assertSomeLineContains("could not be sent");
            for (String line : logs.lines()) {
                assertFalse(Mailbox.TOKEN_IN_LINK.matcher(line).find(), line);
                assertFalse(line.contains("token="), line);
            }
        }

        // nothing half-written: the account, its role, its session and its (undelivered) token all committed
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200)
                .body("email", equalTo(u.email())).body("email_verified", equalTo(false))
                .body("roles", equalTo(List.of("user")));
        login(u.username(), PASSWORD).then().statusCode(200);
        QuarkusTransaction.requiringNew().run(() -> {
            UUID id = UUID.fromString(u.id());
            assertEquals(1, User.count("id", id));
            List<MailToken> tokens = MailToken.list("userId = ?1 and purpose = 'verify'", id);
            assertEquals(1, tokens.size());
            assertEquals(u.email(), tokens.get(0).email);
        });

        // the server is back: asking again delivers a working link, the first mail after the outage included
        String token;
        double failedBeforeResend = failures("verify");
        try (LogCapture logs = LogCapture.start()) {
            bearer(u.accessToken()).post(RESEND).then().statusCode(202);
            token = awaitMail(u.email(), "Confirm", () -> "failures counted since the resend: "
                    + (failures("verify") - failedBeforeResend) + "; the mail lines logged since: " + logs.lines()
                            .stream().filter(l -> l.contains("mail")).toList()).token();
        }
        json().body(Map.of("token", token)).post(VERIFY).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email_verified", equalTo(true));
    }

    @Test
    void aFailedMailIsInTheLogBeforeItIsCountedSoAWatcherOfTheCounterFindsTheReason() {
        GreenMail smtp = GreenMailResource.greenMail();
        double before = failures("verify");
        List<Double> countedWhenLogged = new CopyOnWriteArrayList<>();
        try (LogCapture logs = LogCapture.start()) {
            logs.whenLogged("mail: the verify mail for user", () -> countedWhenLogged.add(failures("verify")));
            smtp.stop();
            try {
                signup();
                awaitFailuresAbove("verify", before);
            } finally {
                smtp.start();
            }
        }
        // the warning was published (on the sending thread) while the failure was not yet counted
        assertEquals(List.of(before), countedWhenLogged);
        assertEquals(before + 1, failures("verify"));
    }

    @Test
    void aMailServerThatAcceptsButNeverAnswersCostsTheRequestNothingAndTheSendGivesUpOnItsTimeout() throws Exception {
        GreenMail smtp = GreenMailResource.greenMail();
        double failedBefore = failures("verify");
        double sentBefore = sent("verify");
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        CountDownLatch reached = new CountDownLatch(1);
        smtp.stop();
        try (LogCapture logs = LogCapture.start(); ServerSocket silent = new ServerSocket()) {
            silent.setReuseAddress(true);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), GreenMailResource.port()));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // held open, and never a word, until the test lets go
                        reached.countDown();
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            // no clock: the mail cannot have been handed over or given up on while the only server holds it, so a
            // signup that waited for its mail could not answer before the mail's outcome is known
            TestUser u = signup();
            assertEquals(failedBefore, failures("verify"), "the signup answered only after its mail had failed");
            assertEquals(sentBefore, sent("verify"), "a mail went out although the only server never answered");
            assertTrue(reached.await(Mailbox.WAIT.toSeconds(), TimeUnit.SECONDS), "the mailer never reached the silent server");
            bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);

            // the send gives up because of the configured timeout (on its retry too): counted once, logged as that
            // timeout, while the server still holds every connection open (so it was not the server hanging up)
            awaitFailuresAbove("verify", failedBefore);
            assertEquals(failedBefore + 1, failures("verify"));
            assertEquals(sentBefore, sent("verify"));
            logs.assertSomeLineContains("could not be sent (TimeoutException: no answer from the mail server within "
                    + mailerTimeout + ")");
            for (Socket s : accepted) {
                assertTrue(stillOpen(s), "a connection to the silent server ended before the test let go");
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
            restart(smtp);
        }
    }

    /** The peer has neither closed the connection nor sent anything: a read finds nothing and no end of stream. */
    private static boolean stillOpen(Socket s) throws IOException {
        if (s.isClosed()) {
            return false;
        }
        s.setSoTimeout(1);
        try {
            return s.getInputStream().read() != -1;
        } catch (SocketTimeoutException nothingYet) {
            return true;
        }
    }

    /** The silent server's port may linger for a moment after it closed: try again rather than fail the run. */
    private static void restart(com.icegreen.greenmail.util.GreenMail smtp) {
        for (int i = 0;; i++) {
            try {
                smtp.start();
                return;
            } catch (IllegalStateException e) {
                if (i >= 40) {
                    throw e;
                }
                smtp.stop();
                Mailbox.sleep(250);
            }
        }
    }

    /** {@link Mailbox#await}, telling on failure what the service counted and logged meanwhile. */
    private static Mailbox.Received awaitMail(String address, String subject, java.util.function.Supplier<String> why) {
        long deadline = System.nanoTime() + Mailbox.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Mailbox.Received> got = Mailbox.to(address).stream().filter(r -> r.subject().contains(subject)).toList();
            if (!got.isEmpty()) {
                return got.get(0);
            }
            Mailbox.sleep(50);
        }
        fail("no mail '" + subject + "' reached " + address + " within " + Mailbox.WAIT + ": " + why.get());
        return null;
    }

    private double failures(String kind) {
        return registry.counter("auth.mail.failures", "kind", kind).count();
    }

    private double sent(String kind) {
        return registry.counter("auth.mail.sent", "kind", kind).count();
    }

    /** Only a guard against hanging for ever: a send gives up after two attempts, each bounded by the mailer timeout. */
    private void awaitFailuresAbove(String kind, double before) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (failures(kind) > before) {
                return;
            }
            Mailbox.sleep(50);
        }
        fail("no mail failure was counted while the mail server was down");
    }
}
