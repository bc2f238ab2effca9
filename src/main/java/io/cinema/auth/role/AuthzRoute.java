package io.cinema.auth.role;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cinema.auth.web.NoStoreFilter;
import io.cinema.auth.web.Problem;
import io.cinema.auth.web.ProblemMappers;
import io.cinema.auth.web.RequestIdFilter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The permission check and forward authentication answered straight from the router, ahead of Quarkus's HTTP
 * security filters and Quarkus REST: these two are the siblings' and the ingress's hot path, public, and they
 * authenticate the token themselves ({@link PermissionCheck}), so neither chain adds anything to them but cost. The
 * chain cost about a third of a check's CPU: with metrics on, Quarkus REST's authentication-failure filter builds a
 * whole request mapper on every request, and the resource method added URI parsing, context propagation and
 * interceptors. The answers are those of {@link AuthzResource} and {@link ForwardAuthResource}, built from the same
 * parts (the check, {@link ProblemMappers}, the request id, no-store); a request this route does not take (another
 * method, a check whose {@code Accept} may not want JSON, any other path) goes on to those resources unchanged.
 * Forward authentication takes any {@code Accept}: its answer is a status and headers whatever the caller accepts,
 * and an ingress hands it the browser's own. Each answer the route gives counts in
 * {@code auth_authz_route_answers_total}, by endpoint.
 */
@ApplicationScoped
public class AuthzRoute {

    static final String CHECK = "/api/v1/authz/check";
    static final String FORWARD = "/api/v1/authz/forward";

    /**
     * Just before Quarkus's authentication filter (priority 200, route order -200) and after its security headers,
     * body handler and access log (order {@code Integer.MIN_VALUE} and one above).
     */
    static final int ORDER = -201;

    @Inject
    PermissionCheck check;
    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;

    private ProblemMappers problems;
    private Counter checks;
    private Counter forwards;

    void install(@Observes Router router) {
        problems = new ProblemMappers(registry);
        checks = answers("check");
        forwards = answers("forward");
        router.route().order(ORDER).handler(this::handle);
    }

    private Counter answers(String endpoint) {
        return Counter.builder("auth.authz.route.answers").tag("endpoint", endpoint)
                .description("Permission checks and forward authentications answered by the router's fast path")
                .register(registry);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String path = rc.normalizedPath();
        boolean isCheck = CHECK.equals(path);
        if (!(isCheck || FORWARD.equals(path)) || !plain(request, isCheck)) {
            rc.next();
            return;
        }
        (isCheck ? checks : forwards).increment();
        RequestIdFilter.assign(rc);
        NoStoreFilter.guard(rc);
        String authorization = request.getHeader(HttpHeaderNames.AUTHORIZATION);
        Context context = Vertx.currentContext();
        try {
            if (isCheck) {
                answer(rc, context, check.check(authorization, request.query()), found -> json(rc, found), false);
            } else {
                answer(rc, context, check.forward(authorization, request.query()), p -> passed(rc, p), true);
            }
        } catch (RuntimeException refused) {
            // a bad question is refused before any token is looked at
            refuse(rc, refused, !isCheck);
        }
    }

    /**
     * GET or HEAD; for the check also with no {@code Accept} or one that takes JSON outright, anything subtler
     * (weights, a list without JSON) being left to Quarkus REST's content negotiation.
     */
    static boolean plain(HttpServerRequest request, boolean isCheck) {
        HttpMethod method = request.method();
        if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
            return false;
        }
        if (!isCheck) {
            return true;
        }
        String accept = request.getHeader(HttpHeaderNames.ACCEPT);
        return accept == null || accept.equals("*/*") || accept.equals("application/json")
                || accept.equals("application/json, */*") || accept.equals("application/json, text/plain, */*");
    }

    private <T> void answer(RoutingContext rc, Context context, Uni<T> result, Consumer<T> ok, boolean forward) {
        result.subscribe().with(
                value -> onContext(context, rc, () -> ok.accept(value)),
                failure -> onContext(context, rc, () -> refuse(rc, failure, forward)));
    }

    /** The answer is written on the request's own event loop, also when a cache miss finished on a worker. */
    private static void onContext(Context context, RoutingContext rc, Runnable write) {
        Runnable guarded = () -> {
            if (!rc.response().ended() && !rc.response().closed()) {
                write.run();
            }
        };
        if (context == null || Vertx.currentContext() == context) {
            guarded.run();
        } else {
            context.runOnContext(v -> guarded.run());
        }
    }

    private void json(RoutingContext rc, RoleModels.CheckResponse found) {
        try {
            rc.response().putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8")
                    .end(Buffer.buffer(mapper.writeValueAsBytes(found)));
        } catch (JsonProcessingException e) {
            refuse(rc, e, false);
        }
    }

    private static void passed(RoutingContext rc, io.cinema.auth.token.Principal p) {
        HttpServerResponse response = rc.response();
        ForwardAuthResource.passHeaders(p).forEach(response::putHeader);
        response.putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store").end();
    }

    /** The refusal or failure as {@link ProblemMappers} answers it; forward authentication adds its code header. */
    private void refuse(RoutingContext rc, Throwable failure, boolean forward) {
        Response answer = problems.any(failure);
        HttpServerResponse response = rc.response().setStatusCode(answer.getStatus());
        for (Map.Entry<String, List<String>> header : answer.getStringHeaders().entrySet()) {
            if (!header.getKey().equalsIgnoreCase(HttpHeaderNames.CONTENT_TYPE.toString())) {
                response.putHeader(header.getKey(), header.getValue());
            }
        }
        Object entity = answer.getEntity();
        if (forward && entity instanceof Problem problem && problem.code() != null) {
            response.putHeader(ForwardAuthResource.ERROR, problem.code());
        }
        if (entity == null) {
            response.end();
            return;
        }
        try {
            byte[] body = mapper.writeValueAsBytes(entity);
            response.putHeader(HttpHeaderNames.CONTENT_TYPE, answer.getMediaType() == null ? Problem.MEDIA_TYPE
                    : answer.getMediaType().toString()).end(Buffer.buffer(body));
        } catch (JsonProcessingException e) {
            response.setStatusCode(500).end();
        }
    }
}
