package io.cinema.auth.totp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Two-factor authentication ({@code auth.totp.*}). */
@ConfigMapping(prefix = "auth.totp")
public interface TotpConfig {

    /** Issuer shown in authenticator apps. */
    @WithDefault("Cinema")
    String issuer();
}
