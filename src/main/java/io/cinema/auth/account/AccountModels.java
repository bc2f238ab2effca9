package io.cinema.auth.account;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import io.cinema.auth.support.Page;

/** Request and response bodies of the account endpoints. */
public final class AccountModels {

    private AccountModels() {
    }

    public record SocialAccountResponse(String provider, String socialId) {
    }

    public record AccountResponse(UUID id, String username, String email, boolean emailVerified, String pendingEmail,
            boolean active, List<String> roles, boolean totpEnabled, List<SocialAccountResponse> socialAccounts,
            Instant createdAt) {
    }

    /** POST /account/reauth: the password, and a code when two-factor is on. */
    public record ReauthRequest(
            @NotBlank @Size(max = 1024) String password,
            @Size(max = 16) String totpCode,
            @Size(max = 64) String recoveryCode) {

        @Override
        public String toString() {
            return "ReauthRequest[]";
        }
    }

    public record UpdateAccountRequest(
            @Size(max = 200) String username,
            @Size(max = 254) String email,
            @Size(max = 1024) String currentPassword) {

        @Override
        public String toString() {
            return "UpdateAccountRequest[" + username + "]";
        }
    }

    public record ChangePasswordRequest(
            @Size(max = 1024) String currentPassword,
            @NotBlank @Size(max = 1024) String newPassword) {

        @Override
        public String toString() {
            return "ChangePasswordRequest[]";
        }
    }

    public record HistoryItem(UUID id, String eventType, boolean success, String ipAddress, String userAgent,
            String device, String fingerprint, Instant occurredAt) {
    }

    public record Page<T>(List<T> items, int page, int size, long total, long pages) {
        public static <T> Page<T> of(List<T> items, int page, int size, long total) {
            return new Page<>(items, page, size, total, (total + size - 1) / size);
        }
    }

    public record SessionResponse(UUID id, Instant createdAt, Instant lastUsedAt, String ipAddress, String userAgent,
            String device, boolean current) {
    }
}
