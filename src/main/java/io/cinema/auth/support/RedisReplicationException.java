package io.cinema.auth.support;

/**
 * A Redis write that the master took but fewer replicas than {@code auth.redis.replica-acks} acknowledged in time: a
 * fail-over could lose it, so it counts as not made (an outage, 503), never as made.
 */
public class RedisReplicationException extends RuntimeException {

    public RedisReplicationException(long acknowledged, int asked) {
        super("a Redis write reached " + acknowledged + " of the " + asked + " replica(s) asked for in time");
    }
}
