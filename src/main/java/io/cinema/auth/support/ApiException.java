package io.cinema.auth.support;

import java.util.List;

/** A domain failure carrying its contract code; the web layer turns it into problem+json. */
public class ApiException extends RuntimeException {

    /** One invalid field of a request, named as on the wire (snake_case). */
    public record FieldError(String field, String message) {
    }

    private final ErrorCode code;
    private final List<FieldError> errors;
    private final Long retryAfterSeconds;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public ApiException(ErrorCode code, String detail, List<FieldError> errors, Long retryAfterSeconds) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static ApiException validation(String field, String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message, List.of(new FieldError(field, message)), null);
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
}
