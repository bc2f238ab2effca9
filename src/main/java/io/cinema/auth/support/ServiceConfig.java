package io.cinema.auth.support;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Who the service is and where it keeps its own secrets: the {@code auth.*} settings every feature shares. */
@ConfigMapping(prefix = "auth")
public interface ServiceConfig {

    /** {@code iss} of every token and the discovery document's issuer. */
    @WithDefault("http://localhost:8080")
    String issuer();

    /** External base URL users see (front end and API behind one host); defaults to the issuer. */
    Optional<String> publicUrl();

    /** File of at least 32 random bytes: the root of the service's keyed hashes and encryption. */
    Optional<String> secretKeyLocation();

    /** Where a generated signing key and service secret are kept. */
    @WithName("jwt.generated-key-dir")
    @WithDefault(".keys")
    String generatedKeyDir();

    /** The public URL without a trailing slash, ready for paths to be appended. */
    default String effectivePublicUrl() {
        return Urls.withoutTrailingSlash(publicUrl().orElse(issuer()));
    }
}
