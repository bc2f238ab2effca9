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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

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

        // the server is back: asking again delivers a working link
        bearer(u.accessToken()).post(RESEND).then().statusCode(202);
        String token = Mailbox.await(u.email(), "Confirm").token();
        json().body(Map.of("token", token)).post(VERIFY).then().statusCode(204);
        bearer(u.accessToken()).get("/api/v1/account").then().body("email_verified", equalTo(true));
    }

    @Test
    void aMailServerThatAcceptsButNeverAnswersCostsTheRequestNothingAndTheSendGivesUpInBoundedTime() throws Exception {
        GreenMail smtp = GreenMailResource.greenMail();
        double before = failures("verify");
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        smtp.stop();
        try (ServerSocket silent = new ServerSocket()) {
            silent.setReuseAddress(true);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), GreenMailResource.port()));
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never say a word
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();

            long start = System.nanoTime();
            TestUser u = signup();
            Duration request = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(request.compareTo(Duration.ofSeconds(2)) < 0, "signup waited for the mail server: " + request);

            awaitFailuresAbove("verify", before);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            // quarkus.mailer.timeout is 5 s in the tests (GreenMailResource)
            assertTrue(total.compareTo(Duration.ofSeconds(5)) >= 0 && total.compareTo(Duration.ofSeconds(12)) < 0,
                    "the send gave up after " + total);
            assertFalse(accepted.isEmpty(), "the mailer never reached the silent server");
            bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
            restart(smtp);
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

    private double failures(String kind) {
        return registry.counter("auth.mail.failures", "kind", kind).count();
    }

    private void awaitFailuresAbove(String kind, double before) {
        long deadline = System.nanoTime() + Mailbox.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (failures(kind) > before) {
                return;
            }
            Mailbox.sleep(50);
        }
        fail("no mail failure was counted while the mail server was down");
    }
}
