package io.cinema.auth.role;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.User;
import io.cinema.auth.account.service.CachedProfiles;
import io.cinema.auth.token.UserState;
import io.cinema.auth.token.UserStateLoader;

/**
 * What authorization needs of a user (and the profile the account shows, cached beside it), read from the role feature's own tables for the token feature, and the
 * {@code user} role every new account gets (through the one way to grant a role, {@link RoleGrants}).
 */
@Singleton
public class RoleStates implements UserStateLoader {

    @Inject
    RoleGrants grants;
    @Inject
    CachedProfiles profiles;

    @Override
    public UserState load(UUID userId) {
        User u = User.findById(userId);
        if (u == null) {
            return null;
        }
        List<String> roles = Role.namesOf(userId);
        return new UserState(userId, u.stateVersion, u.active, u.username, roles, profiles.encode(u));
    }

    @Override
    public List<String> roles(UUID userId) {
        return Role.namesOf(userId);
    }

    /** A new account, in its creating transaction: it gets the built-in {@code user} role. */
    void onRegistered(@Observes AccountEvents.Registered e) {
        grants.grant(e.userId(), Role.USER_ID);
    }
}
