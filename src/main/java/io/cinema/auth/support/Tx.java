package io.cinema.auth.support;

import java.util.function.Supplier;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Transactions for rule code that refuses by throwing. A domain refusal ({@link ApiException}) thrown inside commits
 * what was written before it (a failed login's history row, a spent attempt) and then reaches the caller; any other
 * exception rolls back. So rules read top-down, with no result records to carry refusals out of a transaction.
 */
public final class Tx {

    private Tx() {
    }

    public static <T> T refusalsCommit(Supplier<T> work) {
        ApiException[] refusal = new ApiException[1];
        T result = QuarkusTransaction.requiringNew().call(() -> {
            try {
                return work.get();
            } catch (ApiException e) {
                refusal[0] = e;
                return null;
            }
        });
        if (refusal[0] != null) {
            throw refusal[0];
        }
        return result;
    }

    public static void refusalsCommit(Runnable work) {
        refusalsCommit(() -> {
            work.run();
            return null;
        });
    }
}
