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

    public record RefreshRequest(@NotBlank @Size(max = 512) String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[]";
        }
    }

    public record LogoutRequest(@Size(max = 512) String refreshToken) {

        @Override
        public String toString() {
            return "LogoutRequest[]";
        }
    }
}
