package io.cinema.auth.token;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ResourceInfo;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.cinema.auth.support.RateLimiter;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;

/**
 * The per-user API rate limit: every call of an endpoint that needs a signed-in caller ({@code @Authenticated} or
 * {@code @RolesAllowed}) counts, unless it is marked {@link NoApiRateLimit}. Public endpoints have limits of their own,
 * and the permission check has none. Runs after the security check, without blocking (an endpoint that answers on
 * the event loop stays there).
 */
public class ApiRateLimit {

    private final Map<Method, Boolean> counted = new ConcurrentHashMap<>();

    @Inject
    RateLimiter rateLimiter;

    @Inject
    CurrentUser currentUser;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public Uni<Void> count(ResourceInfo resource) {
        Method m = resource.getResourceMethod();
        if (m != null && counted.computeIfAbsent(m, k -> isCounted(k, resource.getResourceClass()))) {
            return rateLimiter.checkApiCallAsync(currentUser.get().userId().toString());
        }
        return Uni.createFrom().voidItem();
    }

    private static boolean isCounted(Method m, Class<?> resource) {
        if (m.isAnnotationPresent(NoApiRateLimit.class) || resource.isAnnotationPresent(NoApiRateLimit.class)) {
            return false;
        }
        Boolean method = needsCaller(m);
        return method != null ? method : Boolean.TRUE.equals(needsCaller(resource));
    }

    /** Whether the element's own security annotation needs a signed-in caller; null when it has none. */
    private static Boolean needsCaller(AnnotatedElement e) {
        if (e.isAnnotationPresent(PermitAll.class)) {
            return false;
        }
        if (e.isAnnotationPresent(Authenticated.class) || e.isAnnotationPresent(RolesAllowed.class)) {
            return true;
        }
        return null;
    }
}
