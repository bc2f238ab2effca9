package io.cinema.auth.email;

import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.AuthConfig;

/** The texts of the service's mails: short, plain, and with a token only where the mail exists to carry one. */
@Singleton
public class MailComposer {

    static final String DEFAULT_VERIFY_URL = "{public-url}/verify-email#token={token}";
    static final String DEFAULT_RESET_URL = "{public-url}/reset-password#token={token}";
    private static final String SIGNATURE = "\n-- \nCinema accounts. This mail was sent automatically; replies are not read.\n";

    private final AuthConfig config;

    @Inject
    public MailComposer(AuthConfig config) {
        this.config = config;
    }

    OutgoingMail verification(UUID userId, String username, String to, String token) {
        String link = link(config.email().verifyUrl().orElse(DEFAULT_VERIFY_URL), token);
        String body = "Hello " + username + ",\n\n"
                + "please confirm that this address belongs to your Cinema account by opening this link:\n\n"
                + link + "\n\n"
                + "The link works once and expires in " + human(config.email().verifyTtl()) + ".\n"
                + "If you did not sign up or change your email address, ignore this mail.\n" + SIGNATURE;
        return new OutgoingMail("verify", userId, to, "Confirm your email address", body, token);
    }

    OutgoingMail reset(UUID userId, String username, String to, String token) {
        String link = link(config.email().resetUrl().orElse(DEFAULT_RESET_URL), token);
        String body = "Hello " + username + ",\n\n"
                + "someone, hopefully you, asked to reset the password of your Cinema account. "
                + "Open this link to choose a new one:\n\n"
                + link + "\n\n"
                + "The link works once and expires in " + human(config.email().resetTtl()) + ".\n"
                + "If you did not ask for this, ignore this mail: your password stays as it is.\n" + SIGNATURE;
        return new OutgoingMail("reset", userId, to, "Reset your password", body, token);
    }

    OutgoingMail emailChangeRequestedNotice(UUID userId, String username, String to, String newEmail) {
        String body = "Hello " + username + ",\n\n"
                + "someone asked to change the email address of your Cinema account to " + mask(newEmail) + ". "
                + "Nothing changes until a link mailed to that address is opened; until then mail for the account "
                + "keeps coming here.\n\n"
                + "If you did not do this, someone else may be logged in to your account: change your password "
                + "(or ask for a reset link here) and log out every other device.\n" + SIGNATURE;
        return new OutgoingMail("notice", userId, to, "A change of your email address was requested", body, null);
    }

    OutgoingMail emailChangedNotice(UUID userId, String username, String to, String newEmail) {
        String body = "Hello " + username + ",\n\n"
                + "the email address of your Cinema account was changed to " + mask(newEmail) + ". "
                + "Mail for the account now goes there, not to this address.\n\n"
                + "If you did not do this, someone else may have your password: contact support.\n" + SIGNATURE;
        return new OutgoingMail("notice", userId, to, "Your email address was changed", body, null);
    }

    OutgoingMail passwordResetNotice(UUID userId, String username, String to, boolean providersRemoved) {
        String body = "Hello " + username + ",\n\n"
                + "the password of your Cinema account was just reset with a link mailed to this address, "
                + "and every device was logged out.\n\n"
                + (providersRemoved ? "This address had never been verified on the account, so every sign-in "
                        + "provider (Google, Yandex, VK, ...) linked to it was removed as well: link yours again from "
                        + "the account if you want them.\n\n" : "")
                + "If you did not do this, ask for a new reset link at once and contact support.\n" + SIGNATURE;
        return new OutgoingMail("notice", userId, to, "Your password was reset", body, null);
    }

    OutgoingMail securityNotice(UUID userId, String username, String to, String what) {
        String body = "Hello " + username + ",\n\n"
                + describe(what) + "\n\n"
                + "If this was you, there is nothing to do. If it was not, change your password at once "
                + "(or ask for a reset link) and contact support.\n" + SIGNATURE;
        return new OutgoingMail("notice", userId, to, "A security setting of your account changed", body, null);
    }

    /** The template with {public-url} and {token} filled in (a base64url token needs no escaping). */
    String link(String template, String token) {
        return template.replace("{public-url}", config.effectivePublicUrl()).replace("{token}", token);
    }

    static String describe(String what) {
        String w = what == null ? "" : what.toLowerCase(Locale.ROOT);
        if (w.contains("password")) {
            return "The password of your Cinema account was changed.";
        }
        if (w.contains("totp") || w.contains("two") || w.contains("2fa") || w.contains("recovery")) {
            return "The two-factor sign-in settings of your Cinema account were changed.";
        }
        if (w.contains("social") || w.contains("provider")) {
            return "The sign-in providers linked to your Cinema account were changed.";
        }
        return "The security settings of your Cinema account were changed.";
    }

    /** j***@example.com: enough for the owner to recognise, little for anyone else. */
    static String mask(String email) {
        if (email == null) {
            return "another address";
        }
        int at = email.indexOf('@');
        if (at <= 0) {
            return "another address";
        }
        return email.charAt(0) + "***" + email.substring(at);
    }

    /** A duration as people say it: "24 hours", "30 minutes", "1 day". */
    static String human(Duration d) {
        long minutes = Math.max(1, d.toMinutes());
        if (minutes % (24 * 60) == 0) {
            return plural(minutes / (24 * 60), "day");
        }
        if (minutes % 60 == 0) {
            return plural(minutes / 60, "hour");
        }
        return plural(minutes, "minute");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
