package io.cinema.auth.token;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The endpoint needs a bearer access token of a live session; {@link CurrentUser} then holds the caller. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Authenticated {

    /** Administration endpoints: superuser, or the role named by {@code auth.admin-role}. */
    boolean admin() default false;

    /** Whether the per-user API rate limit applies. */
    boolean rateLimited() default true;
}
