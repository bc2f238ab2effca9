package io.cinema.auth.social;

import java.util.List;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.cinema.auth.account.LinkedProviders;

/** The account feature's view of the providers linked to a user, from the social feature's own table. */
@Singleton
public class SocialLinks implements LinkedProviders {

    @Override
    public List<Link> of(UUID userId) {
        return SocialAccount.findByUser(userId).stream().map(a -> new Link(a.provider, a.socialId)).toList();
    }
}
