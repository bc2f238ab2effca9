package io.cinema.auth.support;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * How sure a write that must survive a Redis fail-over has to be ({@code auth.redis.*}): revocation markers, user
 * state changes and brute-force counts are followed by {@code WAIT} on the same connection.
 */
@ConfigMapping(prefix = "auth.redis")
public interface RedisReplicationConfig {

    /**
     * Replicas that must acknowledge such a write before it counts; 0 (one server, no replicas) sends no
     * {@code WAIT}. With Sentinel or Cluster, 1: a master that dies right after answering then loses none of them.
     */
    @WithDefault("0")
    int replicaAcks();

    /** How long a write waits for those acknowledgements; fewer in time is an outage of that write (fail closed). */
    @WithDefault("PT0.1S")
    Duration replicaAckTimeout();
}
