package io.cinema.auth.web;

import java.util.UUID;

import io.cinema.auth.support.ApiException;

/** Path and query parameters read the same way by every resource. */
public final class Params {

    private Params() {
    }

    /** A whole-number query parameter; anything else is 400 VALIDATION_FAILED naming the parameter. */
    public static int number(String field, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.validation(field, "must be a whole number");
        }
    }

    /** A path id that is not a UUID names nothing: 404, like an unknown id. */
    public static UUID id(String id) {
        try {
            if (id.length() != 36) {
                throw ApiException.notFound("Resource");
            }
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Resource");
        }
    }
}
