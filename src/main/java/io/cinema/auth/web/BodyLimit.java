package io.cinema.auth.web;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cinema.auth.support.ErrorCode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Bodies over {@code quarkus.http.limits.max-body-size} get a 413 problem+json. Quarkus's own limit answers a bare 413
 * with an empty body, from a route handler (declared length) or from inside the JSON reader (chunked bodies); this
 * filter runs before the former (after the request id and security headers are set) and reads chunked HTTP/1.1
 * bodies itself with the same limit, so neither is reached (an HTTP/2 body of undeclared length still meets Quarkus's).
 */
@ApplicationScoped
public class BodyLimit {

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    /** Filters run in route order minus their priority: Quarkus's own limit is order -2, RequestIdFilter's -100. */
    static final int PRIORITY = 50;

    /** Paths that speak OAuth's error format instead of problem+json. */
    static final String OAUTH_PATH = "/oauth2/";

    void install(@Observes Filters filters) {
        long limit = maxBodySize.asLongValue();
        filters.register(rc -> {
            String declared = rc.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
            if (declared != null) {
                if (exceeds(declared, limit)) {
                    tooLarge(rc, limit);
                } else {
                    rc.next();
                }
            } else if (rc.request().version() != HttpVersion.HTTP_2
                    && rc.request().headers().contains(HttpHeaderNames.TRANSFER_ENCODING) && !rc.request().isEnded()) {
                // an HTTP/2 body of undeclared length is left to Quarkus's limit: its stream cannot be handed on read
                readChunked(rc, limit);
            } else {
                rc.next();
            }
        }, PRIORITY);
    }

    /**
     * Reads a body of unknown length up to the limit, then hands it on as the request's body, which Quarkus REST reads
     * instead of the connection (as after Vert.x's BodyHandler, which is not used because it answers through the
     * failure handlers, and Quarkus's last-resort one sends an empty 413).
     */
    @SuppressWarnings("deprecation")
    private void readChunked(RoutingContext rc, long limit) {
        HttpServerRequest request = rc.request();
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > limit) {
                over[0] = true;
                tooLarge(rc, limit);
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(rc::fail);
        request.endHandler(v -> {
            if (!over[0]) {
                rc.setBody(body);
                rc.next();
            }
        });
        request.resume();
    }

    private static boolean exceeds(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Netty refuses a malformed Content-Length before we ever see it
        }
    }

    private void tooLarge(RoutingContext rc, long limit) {
        if (rc.response().ended() || rc.response().headWritten()) {
            return;
        }
        String detail = "The body is larger than " + limit + " bytes";
        // the OAuth endpoints answer in OAuth's error format (RFC 6749 §5.2), everything else in problem+json
        boolean oauth = rc.normalizedPath().startsWith(OAUTH_PATH);
        String body;
        try {
            body = mapper.writeValueAsString(oauth ? Map.of("error", "invalid_request", "error_description", detail)
                    : Problem.of(ErrorCode.VALIDATION_FAILED, 413, detail, List.of()));
        } catch (JsonProcessingException e) {
            body = oauth ? "{\"error\":\"invalid_request\"}" : "{\"status\":413,\"code\":\"VALIDATION_FAILED\"}";
        }
        rc.response().setStatusCode(413)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, oauth ? "application/json" : Problem.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store");
        if (rc.request().version() != HttpVersion.HTTP_2) {
            // the rest of an oversized body is never read, so this connection cannot carry another request
            // (HTTP/2 forbids the header; there the stream alone is reset)
            rc.response().putHeader(HttpHeaderNames.CONNECTION, "close");
        }
        rc.response().end(body);
    }
}
