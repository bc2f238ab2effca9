package io.cinema.auth.role;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.User;
import io.cinema.auth.account.service.AccountService;
import io.cinema.auth.role.RoleModels.RoleResponse;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Page;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Sessions;
import io.cinema.auth.token.StateCache;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * User administration: listing and searching users, enabling and disabling them, giving and taking roles, and the
 * rules around the superuser (only a superuser touches one; the last active superuser stays). Every change records
 * its cache update in its own transaction ({@link StateCache#userChangedOnCommit}, and {@link Sessions} for the
 * revocations of a deactivation); every change is logged at INFO with actor, action and target.
 */
@Singleton
public class UserAdministration {

    @Inject
    Clock clock;
    @Inject
    StateCache stateCache;
    @Inject
    AccountService accounts;
    @Inject
    LoginHistory history;
    @Inject
    Sessions sessions;
    @Inject
    RoleGrants grants;

    public Page<AccountResponse> users(String query, int page, int size) {
        Page.check(page, size);
        if (query != null && query.length() > 254) {
            throw ApiException.validation("query", "must be at most 254 characters");
        }
        if (query != null && query.chars().anyMatch(Character::isISOControl)) {
            // PostgreSQL refuses NUL in text: without this a stray %00 is a 500
            throw ApiException.validation("query", "must not contain control characters");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            User.Found found = User.search(query == null || query.isBlank() ? null : query.trim(), page, size);
            List<AccountResponse> items = found.ids().stream().map(accounts::describe).toList();
            long total = found.total();
            return Page.of(items, page, size, total);
        });
    }

    public AccountResponse user(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.describe(id));
    }

    public AccountResponse setActive(Principal actor, UUID userId, boolean active, RequestMeta meta) {
        QuarkusTransaction.requiringNew().run(() -> {
            User target = User.findForUpdate(userId);
            if (target == null) {
                throw ApiException.notFound("User");
            }
            boolean targetIsSuperuser = UserRole.find(userId, Role.SUPERUSER_ID) != null;
            if (targetIsSuperuser && !actor.isSuperuser()) {
                throw new ApiException(ErrorCode.FORBIDDEN, "Only a superuser may change a superuser's active flag");
            }
            if (target.active == active) {
                return;
            }
            if (!active && targetIsSuperuser) {
                UserRole.lockSuperuserChanges();
                if (UserRole.countActiveSuperusers() <= 1) {
                    throw new ApiException(ErrorCode.CONFLICT, "The last active superuser cannot be disabled");
                }
            }
            target.active = active;
            target.updatedAt = clock.instant();
            target.bumpState();
            stateCache.userChangedOnCommit(userId);
            if (!active) {
                MfaChallenge.voidAllOf(userId);
                sessions.revokeAllOf(userId, null, "account_disabled");
                history.record(userId, LoginHistory.Event.SESSION_REVOKED, true, meta, "account_disabled");
            }
        });
        Audit.log(actor.userId().toString(), active ? "user.enable" : "user.disable", "user " + userId);
        return user(userId);
    }

    public List<RoleResponse> rolesOf(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (User.findById(userId) == null) {
                throw ApiException.notFound("User");
            }
            return Role.ofUser(userId).stream().map(RoleResponse::of).toList();
        });
    }

    /** Gives a role; idempotent. Only a superuser gives {@code superuser}. */
    public void grant(Principal actor, UUID userId, UUID roleId) {
        boolean changed = QuarkusTransaction.requiringNew().call(() -> {
            boolean granted = grantInTx(actor == null, actor, userId, roleId);
            if (granted) {
                stateCache.userChangedOnCommit(userId);
            }
            return granted;
        });
        if (changed) {
            Audit.log(actorName(actor), "role.grant", "user " + userId + " role " + roleId);
        }
    }

    /** In the caller's transaction; {@code trusted} for the command line, which acts as the operator. */
    private boolean grantInTx(boolean trusted, Principal actor, UUID userId, UUID roleId) {
        Role role = Role.findExisting(roleId);
        if (role.isSuperuser() && !trusted && !actor.isSuperuser()) {
            throw new ApiException(ErrorCode.FORBIDDEN, "Only a superuser may give the superuser role");
        }
        return grants.grant(userId, roleId);
    }

    /** Takes a role; 404 when it is not assigned. Only a superuser takes {@code superuser}, never from the last one. */
    public void revoke(Principal actor, UUID userId, UUID roleId) {
        QuarkusTransaction.requiringNew().run(() -> {
            User user = User.findForUpdate(userId);
            if (user == null) {
                throw ApiException.notFound("User");
            }
            Role role = Role.findExisting(roleId);
            UserRole ur = UserRole.find(userId, roleId);
            if (ur == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, "The user does not have this role");
            }
            if (role.isSuperuser()) {
                if (!actor.isSuperuser()) {
                    throw new ApiException(ErrorCode.FORBIDDEN, "Only a superuser may take the superuser role");
                }
                UserRole.lockSuperuserChanges();
                if (user.active && UserRole.countActiveSuperusers() <= 1) {
                    throw new ApiException(ErrorCode.CONFLICT, "The last active superuser cannot lose the role");
                }
            }
            ur.delete();
            user.bumpState();
            stateCache.userChangedOnCommit(userId);
        });
        Audit.log(actorName(actor), "role.revoke", "user " + userId + " role " + roleId);
    }

    private static String actorName(Principal actor) {
        return actor == null ? "cli" : actor.userId().toString();
    }
}
