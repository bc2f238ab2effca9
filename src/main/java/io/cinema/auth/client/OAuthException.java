package io.cinema.auth.client;

/**
 * A refusal of the OAuth endpoints in RFC 6749 §5.2's terms ({@code error}, {@code error_description}), which
 * {@link OAuthErrors} writes as OAuth's own JSON error, the one exception to problem+json in this service.
 */
public class OAuthException extends RuntimeException {

    public static final String INVALID_REQUEST = "invalid_request";
    public static final String INVALID_CLIENT = "invalid_client";
    public static final String INVALID_GRANT = "invalid_grant";
    public static final String UNAUTHORIZED_CLIENT = "unauthorized_client";
    public static final String UNSUPPORTED_GRANT_TYPE = "unsupported_grant_type";
    public static final String INVALID_SCOPE = "invalid_scope";
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";
    public static final String SERVER_ERROR = "server_error";
    /** The device grant's own (RFC 8628 §3.5), each 400. */
    public static final String AUTHORIZATION_PENDING = "authorization_pending";
    public static final String SLOW_DOWN = "slow_down";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String EXPIRED_TOKEN = "expired_token";

    private final String error;
    private final int status;
    private final Long retryAfterSeconds;

    public OAuthException(String error, int status, String description, Long retryAfterSeconds) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 400 with one of the §5.2 codes. */
    public static OAuthException badRequest(String error, String description) {
        return new OAuthException(error, 400, description, null);
    }

    /** 401 invalid_client: the one answer for an unknown client, a wrong secret and a disabled client. */
    public static OAuthException invalidClient() {
        return new OAuthException(INVALID_CLIENT, 401, "Client authentication failed", null);
    }

    public static OAuthException tooMany(long retryAfterSeconds) {
        return new OAuthException(TEMPORARILY_UNAVAILABLE, 429, "Too many failed client authentications; try again later",
                Math.max(1, retryAfterSeconds));
    }

    public String error() {
        return error;
    }

    public int status() {
        return status;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public String toString() {
        return "OAuthException[" + error + "]";
    }
}
