package io.cinema.auth.token;

import java.util.Set;
import java.util.UUID;

/**
 * A feature outside this package whose Redis-cached state rides the cache outbox ({@link StateCache#changedOnCommit}):
 * it names its outbox kind and pushes the state of changed targets as PostgreSQL has it at push time. Implemented by
 * the feature as a CDI bean; called inside the transaction that holds the outbox rows, which are deleted only when
 * the push returns (a push that throws keeps them for the next try).
 */
public interface CachedStatePusher {

    /** The outbox kind this pusher handles (one of {@link CacheOutbox}'s kinds). */
    String kind();

    /** Writes (or drops) the cached state of each target as PostgreSQL has it now; throws when Redis does not take it. */
    void push(Set<UUID> targets);
}
