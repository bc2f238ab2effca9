package io.cinema.auth.account.service;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.AccountModels.SocialAccountResponse;
import io.cinema.auth.account.LinkedProviders;
import io.cinema.auth.account.User;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.StateCache;
import io.quarkus.logging.Log;

/**
 * The account's profile (what {@code GET /api/v1/account} shows beyond the username and roles) inside the user's
 * cached state ({@link io.cinema.auth.token.UserState#profile}), so that call answers from the entry the bearer check
 * has just read from Redis: no PostgreSQL, no worker thread. That entry is only as fresh as its version: every change
 * of a field shown here goes through {@link #changedOnCommit}, which bumps the user's state version and pushes the
 * state through the cache outbox, as a role change does.
 */
@ApplicationScoped // a client proxy: the state cache it records changes in loads users through it
public class CachedProfiles {

    /** The profile fields, in the cache entry's JSON. */
    record Profile(String email, boolean emailVerified, String pendingEmail, boolean totpEnabled,
            List<SocialAccountResponse> socialAccounts, Instant createdAt) {
    }

    @Inject
    ObjectMapper json;
    @Inject
    Instance<LinkedProviders> linkedProviders;
    @Inject
    StateCache stateCache;

    /** The profile of {@code u} as the cache holds it; in the caller's transaction (the links are read). */
    public String encode(User u) {
        try {
            return json.writeValueAsString(new Profile(u.email, u.emailVerified, u.pendingEmail, u.totpEnabled,
                    linksOf(u), u.createdAt));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a profile that cannot be written as JSON", e);
        }
    }

    List<SocialAccountResponse> linksOf(User u) {
        return linkedProviders.isResolvable() ? linkedProviders.get().of(u.id).stream()
                .map(l -> new SocialAccountResponse(l.provider(), l.socialId())).toList() : List.of();
    }

    /** The account from a cached profile and the caller's state; null when there is none (then PostgreSQL answers). */
    AccountResponse decode(Principal caller, String profile) {
        if (profile == null) {
            return null;
        }
        try {
            Profile p = json.readValue(profile, Profile.class);
            return new AccountResponse(caller.userId(), caller.username(), p.email(), p.emailVerified(),
                    p.pendingEmail(), true, caller.roles(), p.totpEnabled(),
                    p.socialAccounts() == null ? List.of() : p.socialAccounts(), p.createdAt());
        } catch (JsonProcessingException e) {
            // sealed by us, so only an older replica's format: read PostgreSQL instead
            Log.debugf("cached profile not readable (%s)", e.getOriginalMessage());
            return null;
        }
    }

    /**
     * Inside the transaction that changes a field of {@code u}'s profile (email, its verification, a pending email,
     * two-factor, linked providers): bumps the state version and records the change in the cache outbox, pushed right
     * after the commit, so no replica answers the old profile afterwards.
     */
    public void changedOnCommit(User u) {
        u.bumpState();
        stateCache.userChangedOnCommit(u.id);
    }

    /**
     * {@link #changedOnCommit(User)} by id: through the persistence context, never a bulk update, which a flush of the
     * same user loaded there would overwrite with the old version.
     */
    public void changedOnCommit(java.util.UUID userId) {
        User u = User.findById(userId);
        if (u != null) {
            changedOnCommit(u);
        }
    }
}
