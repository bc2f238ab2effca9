package io.cinema.auth.device;

import java.time.Instant;
import java.util.UUID;

/** Events the device flow fires inside the transaction of the change; the mail feature observes them. */
public final class DeviceEvents {

    private DeviceEvents() {
    }

    /** {@code userId} approved a TV of the client {@code clientName}, which asked from {@code deviceIp}. */
    public record Approved(UUID userId, String clientName, Instant at, String deviceIp) {
    }
}
