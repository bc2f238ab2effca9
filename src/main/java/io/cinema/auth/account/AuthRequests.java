package io.cinema.auth.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the authentication endpoints. Deeper rules (NFKC, common passwords) live in the services. */
public final class AuthRequests {

    private AuthRequests() {
    }

    public record SignupRequest(
            @NotBlank @Size(max = 200) String username,
            @NotBlank @Size(max = 254) String email,
            @NotBlank @Size(max = 1024) String password) {

        @Override
        public String toString() {
            return "SignupRequest[" + username + "]";
        }
    }

    public record LoginRequest(
            @NotBlank @Size(max = 254) String login,
            @NotBlank @Size(max = 1024) String password,
            @Size(max = 16) String totpCode,
            @Size(max = 64) String recoveryCode) {

        @Override
        public String toString() {
            return "LoginRequest[" + login + "]";
        }
    }

    /** Finishes a login that answered TOTP_REQUIRED. */
    public record MfaRequest(
            @NotBlank @Size(max = 256) String mfaToken,
            @Size(max = 16) String totpCode,
            @Size(max = 64) String recoveryCode) {

        @Override
        public String toString() {
            return "MfaRequest[]";
        }
    }

    /** Any string is a refresh token to judge: one of the wrong shape or length is TOKEN_INVALID, not a 400. */
    public record RefreshRequest(@jakarta.validation.constraints.NotNull String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[]";
        }
    }

    public record LogoutRequest(String refreshToken) {

        @Override
        public String toString() {
            return "LogoutRequest[]";
        }
    }
}
