package io.cinema.auth.web;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code Cache-Control: no-store} on every answer that did not choose its own caching, and HTTP/1.0's
 * {@code Pragma: no-cache} with every no-store: tokens, secrets and personal data must never sit in a browser or proxy cache, and a new endpoint is
 * covered without remembering to. It is set as the headers are written, so errors, Quarkus's own bare answers and
 * redirects get it too. Only the public discovery documents under {@code /.well-known/} (which set their own
 * {@code public, max-age}) and the operations endpoints under {@code /q/} are left to their own headers.
 */
@ApplicationScoped
public class NoStoreFilter {

    /** Before the body limit (50), after the request id (100): its 413 answers are covered too. */
    static final int PRIORITY = 90;

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            if (applies(rc.normalizedPath())) {
                guard(rc);
            }
            rc.next();
        }, PRIORITY);
    }

    /** Sets the two headers as the answer's headers are written; also for routes that run before the filters. */
    public static void guard(RoutingContext rc) {
        HttpServerResponse response = rc.response();
        rc.addHeadersEndHandler(v -> {
            String own = response.headers().get(HttpHeaderNames.CACHE_CONTROL);
            if (own == null) {
                response.putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store");
            }
            if ((own == null || own.contains("no-store")) && !response.headers().contains(HttpHeaderNames.PRAGMA)) {
                response.putHeader(HttpHeaderNames.PRAGMA, "no-cache");
            }
        });
    }

    static boolean applies(String path) {
        return path == null || !(path.startsWith("/.well-known/") || path.startsWith("/q/"));
    }
}
