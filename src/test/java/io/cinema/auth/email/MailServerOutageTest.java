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
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;
import java.util.UUID;

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
