package io.cinema.auth.device;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** TV sign-in by device code, RFC 8628 ({@code auth.device.*}). */
@ConfigMapping(prefix = "auth.device")
public interface DeviceConfig {

    /** Life of a device authorization request: its device code and its user code. */
    @WithDefault("PT10M")
    Duration codeTtl();

    /** The polling interval a TV is asked to keep at first; each too-early poll adds 5 seconds (slow_down). */
    @WithDefault("PT5S")
    Duration interval();

    /** The page where viewers approve a TV; unset: the hosted page {@code {public-url}/device}. */
    Optional<String> verificationUri();
}
