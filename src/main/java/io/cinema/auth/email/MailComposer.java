package io.cinema.auth.email;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.support.ServiceConfig;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;

/**
 * The texts of the service's mails: short, plain, and with a token only where the mail exists to carry one. The
 * bodies are the Qute templates under {@code templates/MailComposer/}, checked at build time against {@link Templates};
 * the helpers they call ({@code mail:human}, {@code mail:mask}, {@code mail:describe}) are the static methods below.
 */
@Singleton
public class MailComposer {

    static final String DEFAULT_VERIFY_URL = "{public-url}/verify-email#token={token}";
    static final String DEFAULT_RESET_URL = "{public-url}/reset-password#token={token}";
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    /** One method a template: {@code templates/MailComposer/<method>.txt}, plain text (nothing is escaped). */
    @CheckedTemplate
    static class Templates {
        static native TemplateInstance verification(String username, String link, Duration ttl);

        static native TemplateInstance reset(String username, String link, Duration ttl);

        static native TemplateInstance emailChangeRequestedNotice(String username, String newEmail);

        static native TemplateInstance emailChangedNotice(String username, String newEmail);

        static native TemplateInstance passwordResetNotice(String username, boolean providersRemoved);

        static native TemplateInstance securityNotice(String username, String what);

        static native TemplateInstance deviceSignInNotice(String username, String clientName, String when,
                String deviceIp);
    }

    private final EmailConfig config;
    private final String publicUrl;

    @Inject
    public MailComposer(EmailConfig config, ServiceConfig service) {
        this.config = config;
        this.publicUrl = service.effectivePublicUrl();
    }

    OutgoingMail verification(UUID userId, String username, String to, String token) {
        String link = link(config.verifyUrl().orElse(DEFAULT_VERIFY_URL), token);
        String body = Templates.verification(username, link, config.verifyTtl()).render();
        return new OutgoingMail("verify", userId, to, "Confirm your email address", body, token);
    }

    OutgoingMail reset(UUID userId, String username, String to, String token) {
        String link = link(config.resetUrl().orElse(DEFAULT_RESET_URL), token);
        String body = Templates.reset(username, link, config.resetTtl()).render();
        return new OutgoingMail("reset", userId, to, "Reset your password", body, token);
    }

    OutgoingMail emailChangeRequestedNotice(UUID userId, String username, String to, String newEmail) {
        String body = Templates.emailChangeRequestedNotice(username, newEmail).render();
        return new OutgoingMail("notice", userId, to, "A change of your email address was requested", body, null);
    }

    OutgoingMail emailChangedNotice(UUID userId, String username, String to, String newEmail) {
        String body = Templates.emailChangedNotice(username, newEmail).render();
        return new OutgoingMail("notice", userId, to, "Your email address was changed", body, null);
    }

    OutgoingMail passwordResetNotice(UUID userId, String username, String to, boolean providersRemoved) {
        String body = Templates.passwordResetNotice(username, providersRemoved).render();
        return new OutgoingMail("notice", userId, to, "Your password was reset", body, null);
    }

    OutgoingMail securityNotice(UUID userId, String username, String to, String what) {
        String body = Templates.securityNotice(username, what).render();
        return new OutgoingMail("notice", userId, to, "A security setting of your account changed", body, null);
    }

    /** A TV was signed in to the account by device code: which client, when (UTC) and from which address. */
    OutgoingMail deviceSignInNotice(UUID userId, String username, String to, String clientName, Instant at,
            String deviceIp) {
        String when = WHEN.format(at.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES));
        String body = Templates.deviceSignInNotice(username, clientName, when,
                deviceIp == null ? "an unknown address" : deviceIp).render();
        return new OutgoingMail("notice", userId, to, "A TV was signed in to your account", body, null);
    }

    /** The template with {public-url} and {token} filled in (a base64url token needs no escaping). */
    String link(String template, String token) {
        return template.replace("{public-url}", publicUrl).replace("{token}", token);
    }

    /** The kind of change in a fixed sentence: the caller's free text never reaches the mail. */
    @TemplateExtension(namespace = "mail")
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
    @TemplateExtension(namespace = "mail")
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
    @TemplateExtension(namespace = "mail")
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
