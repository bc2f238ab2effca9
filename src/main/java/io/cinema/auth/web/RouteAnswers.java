package io.cinema.auth.web;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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
import io.vertx.ext.web.RoutingContext;

/**
 * What the router's fast paths share: the hot GETs (the permission check, forward authentication, the caller's
 * account) that are answered straight from the router, ahead of Quarkus's HTTP security filters and Quarkus REST,
 * give the answers those would give. The request id and no-store as the filters add them, JSON bodies written with the
 * application's {@link ObjectMapper}, refusals and failures as {@link ProblemMappers} answers them, each answer on the
 * request's own event loop, and a count of the answers in {@code auth_route_answers_total}, by endpoint.
 *
 * <p>The fast paths exist because the chain cost about a third of a cached answer's CPU: with metrics on, Quarkus
 * REST's authentication-failure filter builds a whole request mapper on every request, and a resource method adds URI
 * parsing, context propagation, the security identity and interceptors.
 */
@ApplicationScoped
public class RouteAnswers {

    /**
     * Route order of the fast paths: just before Quarkus's authentication filter (priority 200, route order -200) and
     * after its security headers, body handler and access log (order {@code Integer.MIN_VALUE} and one above).
     */
    public static final int ORDER = -201;

    @Inject
    ObjectMapper mapper;
    @Inject
    MeterRegistry registry;

    private volatile ProblemMappers problems;

    /** The counter of one fast path's answers. */
    public Counter counter(String endpoint) {
        return Counter.builder("auth.route.answers").tag("endpoint", endpoint)
                .description("Hot requests answered by the router's fast path instead of Quarkus REST")
                .register(registry);
    }

    /**
     * GET or HEAD with no {@code Accept} or one that takes JSON outright: anything subtler (weights, a list without
     * JSON) is left to Quarkus REST's content negotiation.
     */
    public static boolean plainJsonGet(HttpServerRequest request) {
        return isGetOrHead(request) && acceptsJson(request.getHeader(HttpHeaderNames.ACCEPT));
    }

    public static boolean isGetOrHead(HttpServerRequest request) {
        HttpMethod method = request.method();
        return method == HttpMethod.GET || method == HttpMethod.HEAD;
    }

    static boolean acceptsJson(String accept) {
        return accept == null || accept.equals("*/*") || accept.equals("application/json")
                || accept.equals("application/json, */*") || accept.equals("application/json, text/plain, */*");
    }

    /** The headers every answer of the API carries, as RequestIdFilter and NoStoreFilter give them. */
    public void begin(RoutingContext rc) {
        RequestIdFilter.assign(rc);
        NoStoreFilter.guard(rc);
    }

    /**
     * {@code result}'s item to {@code ok}, its failure to {@code refused}, both on the request's own event loop (also
     * when a cache miss finished on a worker), and nothing once the response has ended or the caller has gone.
     */
    public <T> void answer(RoutingContext rc, Uni<T> result, Consumer<T> ok, Consumer<Throwable> refused) {
        Context context = Vertx.currentContext();
        result.subscribe().with(
                value -> onContext(context, rc, () -> ok.accept(value)),
                failure -> onContext(context, rc, () -> refused.accept(failure)));
    }

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

    /** 200 with {@code value} as JSON. */
    public void json(RoutingContext rc, Object value) {
        try {
            rc.response().putHeader(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=UTF-8")
                    .end(Buffer.buffer(mapper.writeValueAsBytes(value)));
        } catch (JsonProcessingException e) {
            refuse(rc, e, null);
        }
    }

    /**
     * The refusal or failure as {@link ProblemMappers} answers it: status, headers (the challenge, Retry-After,
     * no-store) and problem+json body; with {@code codeHeader}, the problem's code in that header too.
     */
    public void refuse(RoutingContext rc, Throwable failure, String codeHeader) {
        Response answer = problems().any(failure);
        HttpServerResponse response = rc.response().setStatusCode(answer.getStatus());
        for (Map.Entry<String, List<String>> header : answer.getStringHeaders().entrySet()) {
            if (!header.getKey().equalsIgnoreCase(HttpHeaderNames.CONTENT_TYPE.toString())) {
                response.putHeader(header.getKey(), header.getValue());
            }
        }
        Object entity = answer.getEntity();
        if (codeHeader != null && entity instanceof Problem problem && problem.code() != null) {
            response.putHeader(codeHeader, problem.code());
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

    private ProblemMappers problems() {
        ProblemMappers p = problems;
        if (p == null) {
            p = new ProblemMappers(registry);
            problems = p;
        }
        return p;
    }
}
