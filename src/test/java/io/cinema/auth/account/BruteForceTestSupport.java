package io.cinema.auth.account;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.restassured.response.Response;

/** Fires calls at once: one thread each, released together. */
public final class BruteForceTestSupport {

    private BruteForceTestSupport() {
    }

    /** The status codes of the calls, in call order. */
    public static List<Integer> atOnce(List<Callable<Response>> calls) throws Exception {
        return responses(calls).stream().map(Response::statusCode).toList();
    }

    /** The answers' contract codes ({@code code} of the problem, or the status for a success), in call order. */
    public static List<String> codes(List<Callable<Response>> calls) throws Exception {
        return responses(calls).stream()
                .map(r -> r.statusCode() < 400 ? Integer.toString(r.statusCode()) : r.<String>path("code")).toList();
    }

    private static List<Response> responses(List<Callable<Response>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> c : calls) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return c.call();
                }));
            }
            go.countDown();
            List<Response> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
