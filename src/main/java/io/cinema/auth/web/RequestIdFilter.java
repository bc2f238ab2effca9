package io.cinema.auth.web;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/** Gives every request an id (the proxy's X-Request-Id when well-formed), logged with each line and echoed back. */
@ApplicationScoped
public class RequestIdFilter {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            assign(rc);
            rc.next();
        }, 100);
    }

    /** The request's id into the log context and the answer; also for routes that run before the filters. */
    public static void assign(RoutingContext rc) {
        String id = rc.request().getHeader(HEADER);
        if (id == null || !SAFE.matcher(id).matches()) {
            id = newId();
        }
        MDC.put("requestId", id);
        rc.response().putHeader(HEADER, id);
    }

    /**
     * A random version-4 UUID from the thread's own generator: an id has to be unique, not secret (it is echoed in
     * every answer), and {@link UUID#randomUUID} takes one lock on a {@code SecureRandom} for every request of every
     * event loop.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
