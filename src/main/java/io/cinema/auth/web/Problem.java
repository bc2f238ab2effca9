package io.cinema.auth.web;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;

/** An RFC 9457 problem body with the contract's {@code code}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
// built into a Response by hand, so Quarkus cannot infer it
@io.quarkus.runtime.annotations.RegisterForReflection
public record Problem(String type, String title, int status, String detail, String code,
        List<ApiException.FieldError> errors, @JsonAnyGetter Map<String, Object> members) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ErrorCode code, int status, String detail, List<ApiException.FieldError> errors) {
        return new Problem("https://cinema.example/problems/" + code.name().toLowerCase().replace('_', '-'),
                code.title(), status, detail, code.name(), errors == null ? List.of() : errors, Map.of());
    }

    public Problem withMembers(Map<String, Object> extra) {
        return new Problem(type, title, status, detail, code, errors, extra);
    }
}
