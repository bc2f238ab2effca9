package io.cinema.auth.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Outages;
import io.cinema.auth.support.Throwables;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** The one error path: every failure becomes problem+json with a contract code; never a stack trace. */
public class ProblemMappers {

    private final MeterRegistry registry;
    public ProblemMappers(MeterRegistry registry) {
        this.registry = registry;
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        if (e.code() == ErrorCode.RATE_LIMITED) {
            registry.counter("auth.rate_limit.hits").increment();
        }
        Response.ResponseBuilder b = builder(e.code(), e.code().status(), e.getMessage(), e.errors(),
                e.retryAfterSeconds());
        if (!e.members().isEmpty()) {
            b.entity(Problem.of(e.code(), e.code().status(), e.getMessage(), e.errors()).withMembers(e.members()));
        }
        String challenge = challenge(e.code(), e.maxAgeSeconds());
        if (challenge != null) {
            b.header(HttpHeaders.WWW_AUTHENTICATE, challenge);
        }
        return b.build();
    }

    /**
     * The RFC 6750 challenge a 401 of a bearer endpoint carries, keyed on its code; null for codes that are no bearer
     * failure (a wrong password at login names no token, so it carries no Bearer challenge). REAUTH_REQUIRED is RFC
     * 9470's step-up challenge, naming how recent the proof of the password must be.
     */
    static String challenge(ErrorCode code, Long reauthMaxAgeSeconds) {
        return switch (code) {
            case TOKEN_MISSING -> "Bearer";
            case TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED -> "Bearer error=\"invalid_token\"";
            case REAUTH_REQUIRED -> "Bearer error=\"insufficient_user_authentication\""
                    + (reauthMaxAgeSeconds == null ? "" : ", max_age=" + reauthMaxAgeSeconds);
            default -> null;
        };
    }

    /** A bearer token refused by the authentication mechanism: its refusal, with the contract code, is the cause. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return api(Throwables.find(e, ApiException.class)
                .orElseGet(() -> new ApiException(ErrorCode.TOKEN_INVALID, "The access token is not valid")));
    }

    /** An anonymous caller on an endpoint that needs a signed-in one (Quarkus Security's check). */
    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return api(ApiException.tokenMissing());
    }

    /** A signed-in caller without the role the endpoint requires (Quarkus Security's check). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return api(new ApiException(ErrorCode.FORBIDDEN, "This needs a role the caller does not have"));
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> v : e.getConstraintViolations()) {
            errors.add(new ApiException.FieldError(fieldName(v.getPropertyPath()), v.getMessage()));
        }
        errors.sort(java.util.Comparator.comparing(ApiException.FieldError::field));
        return build(ErrorCode.VALIDATION_FAILED, 400, "The request is not valid", errors, null);
    }

    @ServerExceptionMapper
    public Response json(JacksonException e) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        String detail = "The body is not valid JSON for this request";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder field = new StringBuilder();
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    field.append(field.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    field.append('[').append(ref.getIndex()).append(']');
                }
            }
            if (field.length() > 0) {
                errors.add(new ApiException.FieldError(field.toString(), "has the wrong type or format"));
            }
        } else if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
            detail = "The body has a duplicated key";
        }
        return build(ErrorCode.VALIDATION_FAILED, 400, detail, errors, null);
    }

    /**
     * Wrong types and shapes ({@code {"code": 123}}, {@code []}): Quarkus's built-in mapper for this more specific type
     * would otherwise win over {@link #json} and answer an empty 400.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JacksonException j) {
            // the JSON reader wraps syntax errors (and duplicated keys, absurd nesting) in a bare 400
            return json(j);
        }
        if (e instanceof NotFoundException) {
            return build(ErrorCode.NOT_FOUND, 404, "No such resource", List.of(), null);
        }
        if (e instanceof NotAllowedException) {
            return build(ErrorCode.NOT_FOUND, 405, "This method is not allowed here", List.of(), null);
        }
        if (e instanceof NotSupportedException) {
            return build(ErrorCode.VALIDATION_FAILED, 415, "The content type must be application/json", List.of(), null);
        }
        if (e instanceof NotAcceptableException) {
            return build(ErrorCode.VALIDATION_FAILED, 406, "This resource cannot answer in the requested media type",
                    List.of(), null);
        }
        if (status == 413) {
            return build(ErrorCode.VALIDATION_FAILED, 413, "The body is too large", List.of(), null);
        }
        if (status >= 400 && status < 500) {
            return build(ErrorCode.VALIDATION_FAILED, status, "The request is not valid", List.of(), null);
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response any(Throwable e) {
        if (e instanceof ApiException a) {
            return api(a);
        }
        return unexpected(e);
    }

    private Response unexpected(Throwable e) {
        ApiException refusal = Throwables.find(e, ApiException.class).orElse(null);
        if (refusal != null) {
            return api(refusal);
        }
        if (Outages.isDependencyFailure(e)) {
            Log.warnf("dependency unavailable: %s", e.getClass().getName());
            registry.counter("auth.dependency.unavailable").increment();
            return build(ErrorCode.SERVICE_UNAVAILABLE, 503, "A dependency of the service is unavailable; try again shortly",
                    List.of(), 5L);
        }
        Log.error("unexpected error", e);
        return build(ErrorCode.INTERNAL_ERROR, 500, "An unexpected error occurred", List.of(), null);
    }

    static Response build(ErrorCode code, int status, String detail, List<ApiException.FieldError> errors, Long retryAfter) {
        return builder(code, status, detail, errors, retryAfter).build();
    }

    private static Response.ResponseBuilder builder(ErrorCode code, int status, String detail,
            List<ApiException.FieldError> errors, Long retryAfter) {
        Response.ResponseBuilder b = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(code, status, detail, errors));
        if (retryAfter != null) {
            b.header("Retry-After", Long.toString(retryAfter));
        }
        return b.header("Cache-Control", "no-store");
    }

    /** The wire (snake_case) name of the last property of a violation's path. */
    static String fieldName(Path path) {
        String last = null;
        for (Path.Node n : path) {
            if (n.getName() != null) {
                last = n.getName();
            }
        }
        return last == null ? "body" : snake(last);
    }

    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
