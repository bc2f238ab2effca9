package io.cinema.auth.support;

/** The contract's error codes with their HTTP status (API.md, section Errors). */
public enum ErrorCode {
    VALIDATION_FAILED(400, "Validation failed"),
    INVALID_CREDENTIALS(401, "Invalid credentials"),
    TOKEN_MISSING(401, "Token missing"),
    TOKEN_INVALID(401, "Token invalid"),
    TOKEN_EXPIRED(401, "Token expired"),
    TOKEN_REVOKED(401, "Token revoked"),
    REFRESH_TOKEN_REUSED(401, "Refresh token reused"),
    TOTP_REQUIRED(401, "Two-factor code required"),
    TOTP_INVALID(401, "Two-factor code invalid"),
    REAUTH_REQUIRED(401, "Re-authentication required"),
    ACCOUNT_DISABLED(403, "Account disabled"),
    EMAIL_UNVERIFIED(403, "Email unverified"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    USERNAME_TAKEN(409, "Username taken"),
    EMAIL_TAKEN(409, "Email taken"),
    ROLE_EXISTS(409, "Role exists"),
    ROLE_PROTECTED(409, "Role protected"),
    CONFLICT(409, "Conflict"),
    RATE_LIMITED(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
