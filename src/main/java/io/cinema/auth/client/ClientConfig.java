package io.cinema.auth.client;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Service clients ({@code auth.clients.*}): their access tokens and secret rotation. */
@ConfigMapping(prefix = "auth.clients")
public interface ClientConfig {

    /** Life of a service client's access token (no refresh token: the client asks again). */
    @WithDefault("PT15M")
    Duration tokenTtl();

    /** How long a replaced client secret still works after a new one is made, so deploys can roll. */
    @WithDefault("P1D")
    Duration secretOverlap();
}
