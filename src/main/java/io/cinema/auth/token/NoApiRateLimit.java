package io.cinema.auth.token;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An authenticated endpoint that the per-user API rate limit ({@link ApiRateLimit}) does not count. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface NoApiRateLimit {
}
