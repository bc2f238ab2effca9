package io.cinema.auth.totp;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request and response bodies of the two-factor endpoints. */
public final class TotpModels {

    private TotpModels() {
    }

    public record EnrollmentResponse(String secret, String otpauthUri) {

        @Override
        public String toString() {
            return "EnrollmentResponse[]";
        }
    }

    public record ConfirmRequest(@NotBlank @Size(max = 16) String code) {

        @Override
        public String toString() {
            return "ConfirmRequest[]";
        }
    }

    public record RecoveryCodesResponse(List<String> recoveryCodes) {

        @Override
        public String toString() {
            return "RecoveryCodesResponse[]";
        }
    }

    /** {@code code}: a one-time or recovery code. A {@code password} sent along is ignored: it is not enough. */
    public record DisableRequest(@Size(max = 64) String code, @Size(max = 1024) String password) {

        @Override
        public String toString() {
            return "DisableRequest[]";
        }
    }
}
