package io.cinema.auth.account;

import java.util.List;
import java.util.UUID;

/** The providers linked to an account, owned here and answered by the social feature. */
public interface LinkedProviders {

    /** A provider account linked to a user. */
    record Link(String provider, String socialId) {
    }

    /** The user's links, ordered by provider; in the caller's transaction. */
    List<Link> of(UUID userId);
}
