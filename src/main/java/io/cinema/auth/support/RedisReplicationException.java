package io.cinema.auth.support;

/**
 * A Redis write that the master took but fewer replicas than {@code auth.redis.replica-acks} acknowledged in time: a
 * fail-over could lose it, so it counts as not made (an outage, 503), never as made.
 */
public class RedisReplicationException extends RuntimeException {

    /** What the master answered the write (it did make it), for a caller that takes the write back; may be null. */
    private final transient io.vertx.mutiny.redis.client.Response reply;

    public RedisReplicationException(long acknowledged, int asked) {
        this(acknowledged, asked, null);
    }

    public RedisReplicationException(long acknowledged, int asked, io.vertx.mutiny.redis.client.Response reply) {
        super("a Redis write reached " + acknowledged + " of the " + asked + " replica(s) asked for in time");
        this.reply = reply;
    }

    public io.vertx.mutiny.redis.client.Response reply() {
        return reply;
    }
}
