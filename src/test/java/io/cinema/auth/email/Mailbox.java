package io.cinema.auth.email;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** Reads what the GreenMail server received, by recipient. */
public final class Mailbox {

    static final Duration WAIT = Duration.ofSeconds(15);
    /** 32 random bytes in base64url without padding: 43 characters. */
    static final Pattern TOKEN_IN_LINK = Pattern.compile("#token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])");

    /** A received mail, decoded. */
    public record Received(String to, String from, String subject, String body) {

        /** The token of the mail's link; fails the test when there is none. */
        public String token() {
            Matcher m = TOKEN_IN_LINK.matcher(body);
            if (!m.find()) {
                fail("no token link in the mail '" + subject + "'");
            }
            return m.group(1);
        }

        boolean carriesAToken() {
            return body.contains("token");
        }
    }

    private Mailbox() {
    }

    /** Every mail received so far for this address (case-insensitive), oldest first. */
    public static List<Received> to(String address) {
        List<Received> out = new ArrayList<>();
        for (MimeMessage m : GreenMailResource.greenMail().getReceivedMessages()) {
            Received r = decode(m);
            if (Arrays.stream(r.to().split(",")).anyMatch(a -> a.trim().equalsIgnoreCase(address))) {
                out.add(r);
            }
        }
        return out;
    }

    /** Waits until the address has received a mail whose subject contains {@code subject}, number {@code nth} (1-based). */
    public static Received await(String address, String subject, int nth) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> matching = to(address).stream().filter(r -> r.subject().contains(subject)).toList();
            if (matching.size() >= nth) {
                return matching.get(nth - 1);
            }
            sleep(50);
        }
        fail("no mail '" + subject + "' number " + nth + " reached " + address + " within " + WAIT);
        return null;
    }

    public static Received await(String address, String subject) {
        return await(address, subject, 1);
    }

    /**
     * Waits until the address has {@code expectedCount} mails (a send the mailer retries may land seconds late), then
     * asserts that over the quiet period nothing more arrives.
     */
    static void assertNothingMoreArrives(String address, int expectedCount, Duration quiet) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (to(address).size() < expectedCount && System.nanoTime() < deadline) {
            sleep(50);
        }
        sleep(quiet.toMillis());
        List<Received> got = to(address);
        assertTrue(got.size() == expectedCount, "expected " + expectedCount + " mails to " + address + ", got " + got);
    }

    private static Received decode(MimeMessage m) {
        try {
            String to = Arrays.stream(m.getRecipients(Message.RecipientType.TO)).map(Address::toString)
                    .reduce((a, b) -> a + "," + b).orElse("");
            String from = Arrays.stream(m.getFrom()).map(Address::toString).findFirst().orElse("");
            Object content = m.getContent();
            String body = content instanceof String s ? s : String.valueOf(content);
            return new Received(to, from, m.getSubject(), body.replace("\r\n", "\n"));
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
