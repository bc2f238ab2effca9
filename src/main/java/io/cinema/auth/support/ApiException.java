package io.cinema.auth.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A domain failure carrying its contract code; the web layer turns it into problem+json. */
public class ApiException extends RuntimeException {

    /** One invalid field of a request, named as on the wire (snake_case). */
    // serialised inside Problem bodies built by hand
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record FieldError(String field, String message) {
    }

    private final ErrorCode code;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;
    private final Map<String, Object> members;
    private final Long maxAgeSeconds;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public ApiException(ErrorCode code, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        this(code, detail, errors, retryAfterSeconds, Map.of(), null);
    }

    private ApiException(ErrorCode code, String detail, List<FieldError> errors, Long retryAfterSeconds,
            Map<String, Object> members, Long maxAgeSeconds) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
        this.members = members;
        this.maxAgeSeconds = maxAgeSeconds;
    }

    /** The same refusal with one more member of the problem body (e.g. {@code mfa_token} of TOTP_REQUIRED). */
    public ApiException with(String member, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(members);
        m.put(member, value);
        return new ApiException(code, getMessage(), errors, retryAfterSeconds, java.util.Collections.unmodifiableMap(m),
                maxAgeSeconds);
    }

    public static ApiException validation(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message, List.of(new FieldError(field, message)), null);
    }

    /** 401 REAUTH_REQUIRED: the session's last proof of the password is older than {@code maxAge}. */
    public static ApiException reauthRequired(java.time.Duration maxAge) {
        return new ApiException(ErrorCode.REAUTH_REQUIRED,
                "This change needs a recent proof of the password: POST /api/v1/account/reauth first", List.of(),
                null, Map.of(), maxAge.toSeconds());
    }

    /** 401 TOKEN_MISSING: an endpoint that needs a signed-in caller got no bearer token. */
    public static ApiException tokenMissing() {
        return new ApiException(ErrorCode.TOKEN_MISSING, "A bearer access token is required");
    }

    public static ApiException rateLimited(long retryAfterSeconds) {
        return new ApiException(ErrorCode.RATE_LIMITED, "Too many attempts; try again later", List.of(),
                Math.max(1, retryAfterSeconds));
    }

    public static ApiException unavailable(String detail, long retryAfterSeconds) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, detail, List.of(), Math.max(1, retryAfterSeconds));
    }

    public static ApiException notFound(String what) {
        return new ApiException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** For REAUTH_REQUIRED: how recent, in seconds, the proof of the password must be (the challenge's max_age). */
    public Long maxAgeSeconds() {
        return maxAgeSeconds;
    }

    /** Extra members of the problem body, beyond the standard ones. */
    public Map<String, Object> members() {
        return members;
    }

    @Override
    public String toString() {
        return "ApiException[" + code + "]"; // members may hold secrets (mfa_token): never printed
    }
}
