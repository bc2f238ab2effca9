package io.cinema.auth.email;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The service's mails ({@code auth.email.*}); the SMTP server itself is {@code quarkus.mailer.*}. */
@ConfigMapping(prefix = "auth.email")
public interface EmailConfig {

    /** Sender of the service's mails. */
    @WithDefault("no-reply@localhost")
    String from();

    /** Verification link template with {token}; default {public-url}/verify-email#token={token}. */
    Optional<String> verifyUrl();

    /** Reset link template with {token}; default {public-url}/reset-password#token={token}. */
    Optional<String> resetUrl();

    /** Life of a verification token. */
    @WithDefault("P1D")
    Duration verifyTtl();

    /** Life of a reset token. */
    @WithDefault("PT30M")
    Duration resetTtl();
}
