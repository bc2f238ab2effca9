package io.cinema.auth.role;

import java.time.Clock;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.User;
import io.cinema.auth.support.ApiException;

/**
 * The one way to give a role, in the caller's transaction: the row, and the user's state version bumped so caches keep
 * only the newest state. Who may give which role is the administration's rule, decided before this.
 */
@Singleton
public class RoleGrants {

    @Inject
    Clock clock;

    /** Gives the role; false when the user had it already. */
    public boolean grant(UUID userId, UUID roleId) {
        User user = User.findForUpdate(userId);
        if (user == null) {
            throw ApiException.notFound("User");
        }
        if (UserRole.find(userId, roleId) != null) {
            return false;
        }
        UserRole ur = new UserRole();
        ur.userId = userId;
        ur.roleId = roleId;
        ur.grantedAt = clock.instant();
        ur.persist();
        user.bumpState();
        return true;
    }
}
