package io.cinema.auth.support;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Walks an exception's cause chain: the one place that knows how, cycles included. */
public final class Throwables {

    /** PostgreSQL's SQLSTATE for a unique-index violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    private Throwables() {
    }

    /** The exception and its causes, outermost first; a cause seen before ends the walk. */
    public static List<Throwable> chain(Throwable e) {
        List<Throwable> out = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = e; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            out.add(t);
        }
        return out;
    }

    /** The innermost cause: the last exception of the chain. */
    public static Throwable root(Throwable e) {
        List<Throwable> chain = chain(e);
        return chain.get(chain.size() - 1);
    }

    /** The first exception of {@code type} in the chain. */
    public static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        return chain(e).stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The unique-index violation in the chain, if the failure is one. */
    public static Optional<SQLException> uniqueViolation(Throwable e) {
        return chain(e).stream().filter(t -> t instanceof SQLException sql
                && UNIQUE_VIOLATION.equals(sql.getSQLState())).map(SQLException.class::cast).findFirst();
    }
}
