package io.cinema.auth.token;

import java.lang.reflect.Method;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.LogSafe;
import io.cinema.auth.support.RateLimiter;
import io.quarkus.logging.Log;

/** Authenticates every endpoint marked {@link Authenticated}, on the worker thread that runs the endpoint. */
public class BearerFilter {

    @Inject
    Authenticator authenticator;

    @Inject
    CurrentUser currentUser;

    @Inject
    RateLimiter rateLimiter;

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext ctx, ResourceInfo resource) {
        Authenticated rule = ruleOf(resource);
        if (rule == null) {
            return;
        }
        Principal p = authenticator.authenticate(ctx.getHeaderString(HttpHeaders.AUTHORIZATION));
        currentUser.set(p);
        if (rule.rateLimited()) {
            rateLimiter.checkApiCall(p.userId().toString());
        }
        if (rule.admin() && !authenticator.isAdmin(p)) {
            // the path is the caller's text, decoded: CR/LF in it would forge log lines
            Log.infof("audit: user %s was refused %s %s (not an administrator)", p.userId(),
                    LogSafe.escape(ctx.getMethod()), LogSafe.escape(ctx.getUriInfo().getPath()));
            throw new ApiException(ErrorCode.FORBIDDEN, "This needs the administrator role");
        }
    }

    private static Authenticated ruleOf(ResourceInfo resource) {
        Method m = resource.getResourceMethod();
        if (m == null) {
            return null;
        }
        Authenticated a = m.getAnnotation(Authenticated.class);
        return a != null ? a : resource.getResourceClass().getAnnotation(Authenticated.class);
    }
}
