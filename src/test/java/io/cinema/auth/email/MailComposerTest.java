package io.cinema.auth.email;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The mail texts, word for word: the Qute templates must give exactly the bodies the service always sent (these
 * expected texts are the former string concatenations, kept verbatim), and the helpers they call read as people say.
 */
@QuarkusTest
class MailComposerTest {

    private static final String SIGNATURE = "\n-- \nCinema accounts. This mail was sent automatically; replies are not read.\n";
    private static final UUID USER = UUID.fromString("00000000-0000-4000-8000-000000000001");

    @Inject
    MailComposer composer;

    @Test
    void theVerificationMailCarriesItsLinkAndLifetime() {
        OutgoingMail m = composer.verification(USER, "jane", "jane@example.com", "TOKEN1");
        assertEquals("Hello jane,\n\n"
                + "please confirm that this address belongs to your Cinema account by opening this link:\n\n"
                + "https://auth.test.cinema/verify-email#token=TOKEN1\n\n"
                + "The link works once and expires in 1 day.\n"
                + "If you did not sign up or change your email address, ignore this mail.\n" + SIGNATURE, m.body());
        assertEquals("Confirm your email address", m.subject());
        assertEquals("verify", m.kind());
        assertEquals("TOKEN1", m.secret());
        assertEquals("jane@example.com", m.to());
    }

    @Test
    void theResetMailCarriesItsLinkAndLifetime() {
        OutgoingMail m = composer.reset(USER, "jane", "jane@example.com", "TOKEN2");
        assertEquals("Hello jane,\n\n"
                + "someone, hopefully you, asked to reset the password of your Cinema account. "
                + "Open this link to choose a new one:\n\n"
                + "https://auth.test.cinema/reset-password#token=TOKEN2\n\n"
                + "The link works once and expires in 30 minutes.\n"
                + "If you did not ask for this, ignore this mail: your password stays as it is.\n" + SIGNATURE,
                m.body());
        assertEquals("Reset your password", m.subject());
        assertEquals("reset", m.kind());
        assertEquals("TOKEN2", m.secret());
    }

    @Test
    void theChangeRequestedNoticeMasksTheNewAddress() {
        OutgoingMail m = composer.emailChangeRequestedNotice(USER, "jane", "jane@example.com", "new.jane@example.org");
        assertEquals("Hello jane,\n\n"
                + "someone asked to change the email address of your Cinema account to n***@example.org. "
                + "Nothing changes until a link mailed to that address is opened; until then mail for the account "
                + "keeps coming here.\n\n"
                + "If you did not do this, someone else may be logged in to your account: change your password "
                + "(or ask for a reset link here) and log out every other device.\n" + SIGNATURE, m.body());
        assertEquals("A change of your email address was requested", m.subject());
        assertEquals("notice", m.kind());
        assertNull(m.secret());
    }

    @Test
    void theChangedNoticeMasksTheNewAddress() {
        OutgoingMail m = composer.emailChangedNotice(USER, "jane", "jane@example.com", null);
        assertEquals("Hello jane,\n\n"
                + "the email address of your Cinema account was changed to another address. "
                + "Mail for the account now goes there, not to this address.\n\n"
                + "If you did not do this, someone else may have your password: contact support.\n" + SIGNATURE,
                m.body());
        assertEquals("Your email address was changed", m.subject());
    }

    @Test
    void thePasswordResetNoticeMentionsRemovedProvidersOnlyWhenThereWereAny() {
        String head = "Hello jane,\n\n"
                + "the password of your Cinema account was just reset with a link mailed to this address, "
                + "and every device was logged out.\n\n";
        String providers = "This address had never been verified on the account, so every sign-in "
                + "provider (Google, Yandex, VK, ...) linked to it was removed as well: link yours again from "
                + "the account if you want them.\n\n";
        String tail = "If you did not do this, ask for a new reset link at once and contact support.\n" + SIGNATURE;
        assertEquals(head + tail, composer.passwordResetNotice(USER, "jane", "j@example.com", false).body());
        assertEquals(head + providers + tail, composer.passwordResetNotice(USER, "jane", "j@example.com", true).body());
        assertEquals("Your password was reset", composer.passwordResetNotice(USER, "jane", "j@x.org", true).subject());
    }

    @Test
    void theSecurityNoticeNamesTheKindOfChange() {
        OutgoingMail m = composer.securityNotice(USER, "jane", "jane@example.com", "totp_disabled");
        assertEquals("Hello jane,\n\n"
                + "The two-factor sign-in settings of your Cinema account were changed.\n\n"
                + "If this was you, there is nothing to do. If it was not, change your password at once "
                + "(or ask for a reset link) and contact support.\n" + SIGNATURE, m.body());
        assertEquals("A security setting of your account changed", m.subject());
    }

    @Test
    void valuesAreWrittenAsTheyAreNeverInterpreted() {
        // a plain-text mail: nothing is escaped, and braces in a value are not template syntax
        String body = composer.securityNotice(USER, "<b>{x}&amp;", "jane@example.com", "{username}").body();
        assertEquals("Hello <b>{x}&amp;,\n\nThe security settings of your Cinema account were changed.\n\n",
                body.substring(0, body.indexOf("If this")));
    }

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
