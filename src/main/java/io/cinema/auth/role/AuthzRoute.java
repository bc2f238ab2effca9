package io.cinema.auth.role;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.cinema.auth.web.RouteAnswers;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The permission check and forward authentication answered straight from the router ({@link RouteAnswers}): these
 * two are the siblings' and the ingress's hot path, public, and they authenticate the token themselves
 * ({@link PermissionCheck}), so neither Quarkus's HTTP security chain nor Quarkus REST adds anything to them but
 * cost. The answers are those of {@link AuthzResource} and {@link ForwardAuthResource}, built from the same parts; a
 * request this route does not take (another method, a check whose {@code Accept} may not want JSON, any other path)
 * goes on to those resources unchanged. Forward authentication takes any {@code Accept}: its answer is a status and
 * headers whatever the caller accepts, and an ingress hands it the browser's own.
 */
@ApplicationScoped
public class AuthzRoute {

    static final String CHECK = "/api/v1/authz/check";
    static final String FORWARD = "/api/v1/authz/forward";

    @Inject
    PermissionCheck check;
    @Inject
    RouteAnswers answers;

    private Counter checks;
    private Counter forwards;

    void install(@Observes Router router) {
        checks = answers.counter("check");
        forwards = answers.counter("forward");
        router.route().order(RouteAnswers.ORDER).handler(this::handle);
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
        answers.begin(rc);
        String authorization = request.getHeader(HttpHeaderNames.AUTHORIZATION);
        String codeHeader = isCheck ? null : ForwardAuthResource.ERROR;
        try {
            if (isCheck) {
                answers.answer(rc, check.check(authorization, request.query()), found -> answers.json(rc, found),
                        failure -> answers.refuse(rc, failure, null));
            } else {
                answers.answer(rc, check.forward(authorization, request.query()), p -> passed(rc, p),
                        failure -> answers.refuse(rc, failure, codeHeader));
            }
        } catch (RuntimeException refused) {
            // a bad question is refused before any token is looked at
            answers.refuse(rc, refused, codeHeader);
        }
    }

    /** GET or HEAD; for the check also with an {@code Accept} that takes JSON outright ({@link RouteAnswers}). */
    static boolean plain(HttpServerRequest request, boolean isCheck) {
        return isCheck ? RouteAnswers.plainJsonGet(request) : RouteAnswers.isGetOrHead(request);
    }

    private static void passed(RoutingContext rc, io.cinema.auth.token.Principal p) {
        HttpServerResponse response = rc.response();
        ForwardAuthResource.passHeaders(p).forEach(response::putHeader);
        response.putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store").end();
    }
}
