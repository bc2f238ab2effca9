package io.cinema.auth.email;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the mail endpoints. None of them prints its token or password. */
public final class EmailRequests {

    /** Longer than any token we mail (43 characters) by a wide margin, short enough to refuse junk cheaply. */
    static final int TOKEN_MAX = 256;

    private EmailRequests() {
    }

    public record VerifyEmailRequest(@NotBlank @Size(max = TOKEN_MAX) String token) {

        @Override
        public String toString() {
            return "VerifyEmailRequest[]";
        }
    }

    public record ForgotPasswordRequest(@NotBlank @Size(max = 254) String email) {

        @Override
        public String toString() {
            return "ForgotPasswordRequest[]";
        }
    }

    public record ResetPasswordRequest(
            @NotBlank @Size(max = TOKEN_MAX) String token,
            @NotBlank @Size(max = 1024) String newPassword) {

        @Override
        public String toString() {
            return "ResetPasswordRequest[]";
        }
    }
}
