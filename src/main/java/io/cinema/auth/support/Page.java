package io.cinema.auth.support;

import java.util.List;

/**
 * One page of a list answer ({@code items}, {@code page}, {@code size}, {@code total}, {@code pages}) and the rules for
 * asking for one, shared by every listing endpoint.
 */
public record Page<T>(List<T> items, int page, int size, long total, long pages) {

    /** The largest {@code size} a caller may ask for. */
    public static final int MAX_SIZE = 100;

    public static <T> Page<T> of(List<T> items, int page, int size, long total) {
        return new Page<>(items, page, size, total, (total + size - 1) / size);
    }

    /** Refuses a page before the first, a size outside 1..{@link #MAX_SIZE}, or an offset past an int. */
    public static void check(int page, int size) {
        if (page < 1) {
            throw ApiException.validation("page", "must be 1 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.validation("size", "must be 1 to " + MAX_SIZE);
        }
        if ((long) page * size > Integer.MAX_VALUE) {
            // the query's offset is an int: past this it would overflow into a negative offset
            throw ApiException.validation("page", "is too large");
        }
    }
}
