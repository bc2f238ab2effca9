package io.cinema.auth.role;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NameBinding;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;

import io.cinema.auth.token.Principal;
import io.cinema.auth.web.Problem;
import io.smallrye.mutiny.Uni;

/**
 * Forward authentication for the ingress (nginx {@code auth_request}, ingress-nginx {@code auth-url}, Traefik
 * ForwardAuth): the proxy sends the original request's {@code Authorization} header here on every request and lets
 * the request through on a 200, whose {@code X-Auth-*} headers it hands upstream. A refusal is the usual problem+json
 * with the challenge and, for proxies that cannot read bodies, its contract code in {@code X-Auth-Error}; an outage
 * is 503, never a pass. The same hot path as the permission check: on the event loop, Redis only, no rate limit.
 */
@Path("/api/v1/authz/forward")
@PermitAll
@ForwardAuthResource.Answer
public class ForwardAuthResource {

    public static final String USER_ID = "X-Auth-User-Id";
    public static final String USERNAME = "X-Auth-Username";
    public static final String ROLES = "X-Auth-Roles";
    public static final String SESSION_ID = "X-Auth-Session-Id";
    public static final String CLIENT_ID = "X-Auth-Client-Id";
    public static final String ERROR = "X-Auth-Error";

    @Inject
    PermissionCheck check;

    @GET
    public Uni<Response> forward(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @Context UriInfo uri) {
        return check.forward(authorization, uri.getRequestUri().getRawQuery()).map(ForwardAuthResource::passed);
    }

    static Response passed(Principal p) {
        Response.ResponseBuilder ok = Response.ok();
        passHeaders(p).forEach(ok::header);
        return ok.header(HttpHeaders.CACHE_CONTROL, "no-store").build();
    }

    /** What a pass hands upstream: the user and session, or the service client, and the roles. */
    static Map<String, String> passHeaders(Principal p) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (p.isClient()) {
            headers.put(CLIENT_ID, p.clientId());
        } else {
            headers.put(USER_ID, p.userId().toString());
            headers.put(USERNAME, p.username());
        }
        headers.put(ROLES, String.join(",", p.roles()));
        if (!p.isClient()) {
            headers.put(SESSION_ID, p.sessionId().toString());
        }
        return headers;
    }

    /** Binds {@link ErrorHeader} to this resource only. */
    @NameBinding
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    public @interface Answer {
    }

    /** Copies the contract code of a refusal (the problem body the mappers made) into {@code X-Auth-Error}. */
    @Provider
    @Answer
    public static class ErrorHeader implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) throws IOException {
            if (response.getEntity() instanceof Problem problem && problem.code() != null) {
                response.getHeaders().putSingle(ERROR, problem.code());
            }
        }
    }
}
