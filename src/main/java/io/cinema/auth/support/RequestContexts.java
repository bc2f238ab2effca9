package io.cinema.auth.support;

import java.util.function.Supplier;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Blocking work (PostgreSQL through Panache) reached from a reactive path: a worker thread of a {@link Uni} has no
 * request context of its own, and Panache needs one.
 */
public final class RequestContexts {

    private RequestContexts() {
    }

    /** Runs {@code work} in the active request context, or in a fresh one for its duration when none is active. */
    public static <T> T call(Supplier<T> work) {
        ManagedContext context = Arc.container().requestContext();
        if (context.isActive()) {
            return work.get();
        }
        context.activate();
        try {
            return work.get();
        } finally {
            context.terminate();
        }
    }

    /** {@code work} on a worker thread, in a request context: the event loop never blocks on it. */
    public static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(() -> call(work)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
