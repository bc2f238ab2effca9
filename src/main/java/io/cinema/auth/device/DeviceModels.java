package io.cinema.auth.device;

import java.time.Instant;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request and response bodies of the device flow. */
public final class DeviceModels {

    /** Longer than any way of typing a user code (8 letters, a dash, spaces), short enough to be no payload. */
    public static final int MAX_TYPED_USER_CODE = 32;

    private DeviceModels() {
    }

    /** RFC 8628 §3.2: what the TV shows and how it polls; the device code is in it only this once. */
    @RegisterForReflection
    public record DeviceAuthorizationResponse(String deviceCode, String userCode, String verificationUri,
            String verificationUriComplete, long expiresIn, long interval) {
        @Override
        public String toString() {
            return "DeviceAuthorizationResponse[]";
        }
    }

    /** What the phone shows before it approves: which client asked, for what, from where and when. */
    public record DeviceRequestResponse(String clientName, List<String> scopes, Instant requestedAt, Instant expiresAt,
            String deviceIp, String deviceUserAgent) {
    }

    /** POST /api/v1/device/approve: the user code as typed; {@code deny: true} refuses the TV instead. */
    public record ApproveRequest(@NotBlank @Size(max = MAX_TYPED_USER_CODE) String userCode, Boolean deny) {
        @Override
        public String toString() {
            return "ApproveRequest[]";
        }
    }
}
