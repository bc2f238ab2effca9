package io.cinema.auth.email;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class MailComposerTest {

    @Test
    void lifetimesReadAsPeopleSayThem() {
        assertEquals("1 day", MailComposer.human(Duration.ofDays(1)));
        assertEquals("2 days", MailComposer.human(Duration.ofDays(2)));
        assertEquals("30 minutes", MailComposer.human(Duration.ofMinutes(30)));
        assertEquals("1 hour", MailComposer.human(Duration.ofHours(1)));
        assertEquals("36 hours", MailComposer.human(Duration.ofHours(36)));
        assertEquals("1 minute", MailComposer.human(Duration.ofSeconds(10)));
    }

    @Test
    void theNewAddressInANoticeIsMasked() {
        assertEquals("j***@example.com", MailComposer.mask("jane.doe@example.com"));
        assertEquals("another address", MailComposer.mask(null));
    }

    @Test
    void noticesNameTheKindOfChangeWithoutEchoingFreeText() {
        assertEquals("The password of your Cinema account was changed.", MailComposer.describe("password"));
        assertEquals("The two-factor sign-in settings of your Cinema account were changed.",
                MailComposer.describe("two-factor enabled"));
        assertEquals("The sign-in providers linked to your Cinema account were changed.",
                MailComposer.describe("social_unlink"));
        assertEquals("The security settings of your Cinema account were changed.", MailComposer.describe("<script>"));
    }
}
