package io.cinema.auth.support;

import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a dependency outage (PostgreSQL or Redis unreachable, or Redis failing over) from a bug. An outage answers
 * 503 SERVICE_UNAVAILABLE; a bug 500. A PostgreSQL that answers but only reads (a hot standby after a fail-over) is an
 * outage of every write.
 *
 * <p>Redis answers an error reply with a code as its first word. During a fail-over or a resharding a healthy client
 * sees, for a while: {@code MOVED}/{@code ASK} redirections it follows until its retries run out, {@code TRYAGAIN},
 * {@code CLUSTERDOWN}, {@code READONLY} (a write that reached a demoted master), {@code MASTERDOWN} (a replica that
 * lost its master), {@code LOADING} (a restarted node reading its data), {@code NOREPLICAS}, and Sentinel's
 * {@code IDONTKNOW} / no such master; a full server answers {@code OOM}. All of those are outages. {@code CROSSSLOT}
 * (keys of two hash slots in one command), {@code WRONGTYPE}, {@code NOSCRIPT} and script errors are our bugs, whatever
 * wraps them. The Vert.x client reports a lost or refused connection and an unreachable topology as plain messages
 * ({@code Connection is closed}, {@code Cannot connect to any of the provided endpoints}, ...), not as exception types.
 */
public final class Outages {

    /** Redis error codes that mean the data is, for now, out of reach. */
    static final Set<String> REDIS_OUTAGE_CODES = Set.of("MOVED", "ASK", "TRYAGAIN", "CLUSTERDOWN", "READONLY",
            "MASTERDOWN", "LOADING", "OOM", "NOREPLICAS", "IDONTKNOW", "BUSY", "CONNECTION_CLOSED");

    /** Redis error codes that mean the service sent something wrong: never an outage, whatever else the chain says. */
    static final Set<String> REDIS_BUG_CODES = Set.of("CROSSSLOT", "WRONGTYPE", "NOSCRIPT", "EXECABORT", "NOPERM",
            "WRONGPASS", "NOAUTH");

    /** Words of the Vert.x Redis client's own failures when a connection or the topology is gone. */
    private static final String[] CLIENT_OUTAGE_MESSAGES = {"connection is closed", "connection closed",
        "cannot connect", "failed to connect", "no slots available", "failed to get sentinel", "no master",
        "no such master", "connected to replica", "failed obtaining connection", "cannot find endpoint",
        "connection reset", "broken pipe"};

    /** One command's line of a batch's failure: {@code ERR [<index>] <failure>}. */
    private static final java.util.regex.Pattern BATCH_LINE = java.util.regex.Pattern.compile(
            "(?m)^ERR \\[\\d+\\] (.+)$");

    /** SQLSTATE 25006: a write reached a PostgreSQL that only reads. */
    static final String READ_ONLY_SQL_TRANSACTION = "25006";

    private Outages() {
    }

    public static boolean isDependencyFailure(Throwable error) {
        for (Throwable t : Throwables.chain(error)) {
            if (isRedisBug(t)) {
                return false;
            }
        }
        for (Throwable t : Throwables.chain(error)) {
            String name = t.getClass().getName();
            if (name.equals("io.vertx.redis.client.impl.types.ErrorType")) {
                if (isRedisOutageReply(String.valueOf(t.getMessage()))) {
                    return true;
                }
                continue;
            }
            if (t instanceof ConnectException || t instanceof SQLTransientConnectionException
                    || t instanceof TimeoutException || t instanceof java.net.SocketException
                    || t instanceof java.net.SocketTimeoutException || t instanceof ClosedChannelException
                    || t instanceof RedisReplicationException
                    || name.startsWith("io.vertx.redis") || name.startsWith("io.quarkus.redis")
                    || name.equals("org.hibernate.exception.JDBCConnectionException")
                    || name.equals("io.netty.channel.ConnectTimeoutException")
                    // a blocking Redis call past quarkus.redis.timeout, and an asynchronous one the caller timed out
                    || name.equals("io.smallrye.mutiny.TimeoutException")
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || name.equals("io.vertx.core.VertxException") && String.valueOf(t.getMessage()).contains("onnection")
                    || name.equals("io.vertx.core.impl.NoStackTraceThrowable") && isClientOutage(t.getMessage())
                    || name.equals("org.postgresql.util.PSQLException") && isUnavailableState(t)) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** A Redis error reply (or a client refusal) that says the command itself was wrong. */
    private static boolean isRedisBug(Throwable t) {
        String message = t.getMessage();
        if (message == null) {
            return false;
        }
        boolean reply = t.getClass().getName().startsWith("io.vertx.redis");
        if (reply && REDIS_BUG_CODES.contains(code(message))) {
            return true;
        }
        // the client's own check of a cluster command's slots, and script errors that carry the code inside
        return message.contains("CROSSSLOT") || message.contains("WRONGTYPE")
                || reply && code(message).equals("ERR") && !isRedisOutageReply(message);
    }

    /** {@code OOM command not allowed ...}, or a script error that carries such a code ({@code ... -READONLY ...}). */
    static boolean isRedisOutageReply(String message) {
        if (REDIS_OUTAGE_CODES.contains(code(message))) {
            return true;
        }
        for (String code : REDIS_OUTAGE_CODES) {
            if (message.contains("-" + code + " ") || message.contains(": " + code + " ")) {
                return true;
            }
        }
        // a batch's failure: one line per command, "ERR [<index>] <that command's failure>"; each is judged on its own
        // ("ERR [0] CONNECTION_CLOSED\nERR [1] CONNECTION_CLOSED": a Cluster batch whose node was killed)
        java.util.regex.Matcher batch = BATCH_LINE.matcher(message);
        while (batch.find()) {
            String line = batch.group(1);
            if (!line.startsWith("ERR [") && isRedisOutageReply(line)) {
                return true;
            }
        }
        String lower = message.toLowerCase(Locale.ROOT);
        // a batch (a write and its WAIT) whose connection died: the client folds each command's failure into one
        // ERR reply, "ERR [1] java.net.SocketException: Connection reset\nERR [0] ..." (seen in a Sentinel fail-over)
        return lower.contains("max number of clients reached") || lower.contains("no such master")
                || message.contains("java.net.") || message.contains("ClosedChannelException")
                || isClientOutage(message);
    }

    private static boolean isClientOutage(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        for (String words : CLIENT_OUTAGE_MESSAGES) {
            if (lower.contains(words)) {
                return true;
            }
        }
        return REDIS_OUTAGE_CODES.contains(code(message));
    }

    private static String code(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    /**
     * PostgreSQL's SQLSTATEs of a server that cannot take the statement now, whatever the statement: the connection
     * (class 08), a server shutting down or restarting (57P), a server out of resources (class 53: too many
     * connections, disk full, out of memory), and a server that only reads (25006: a hot standby a fail-over left the
     * service on, or a primary set read-only for maintenance).
     */
    static boolean isUnavailableState(Throwable t) {
        String state = ((java.sql.SQLException) t).getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || state.equals(READ_ONLY_SQL_TRANSACTION));
    }
}
