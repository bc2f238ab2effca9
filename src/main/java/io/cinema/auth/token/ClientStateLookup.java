package io.cinema.auth.token;

import io.smallrye.mutiny.Uni;

/**
 * The current state of a service client for the hot path (whether its tokens still count, and its roles now), from
 * the Redis cache with PostgreSQL on a miss; implemented by the client feature. A Redis outage throws (503): a
 * client's token is never accepted on state nobody could read.
 */
public interface ClientStateLookup {

    /** Blocking (a worker thread): the client's state, {@link ClientState#unknown} for an id nobody has. */
    ClientState lookup(String clientId);

    /** Non-blocking (the event loop): a cache hit answers from Redis alone; a miss reads PostgreSQL on a worker. */
    Uni<ClientState> lookupAsync(String clientId);
}
