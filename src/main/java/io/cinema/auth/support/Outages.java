package io.cinema.auth.support;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;

/** Tells a dependency outage (PostgreSQL or Redis unreachable) from a bug. */
public final class Outages {

    private Outages() {
    }

    public static boolean isDependencyFailure(Throwable error) {
        for (Throwable t : Throwables.chain(error)) {
            String name = t.getClass().getName();
            if (t instanceof ConnectException || t instanceof SQLTransientConnectionException
                    || t instanceof TimeoutException || t instanceof java.net.SocketException
                    || t instanceof java.net.SocketTimeoutException
                    || name.startsWith("io.vertx.redis") || name.startsWith("io.quarkus.redis")
                    || name.equals("org.hibernate.exception.JDBCConnectionException")
                    || name.equals("io.netty.channel.ConnectTimeoutException")
                    // a blocking Redis call past quarkus.redis.timeout, and an asynchronous one the caller timed out
                    || name.equals("io.smallrye.mutiny.TimeoutException")
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || name.equals("io.vertx.core.VertxException") && String.valueOf(t.getMessage()).contains("onnection")
                    || name.equals("org.postgresql.util.PSQLException") && isConnectionState(t)) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConnectionState(Throwable t) {
        String state = ((java.sql.SQLException) t).getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
