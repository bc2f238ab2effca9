package io.cinema.auth.role;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.AccountModels.Page;
import io.cinema.auth.account.AccountService;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.MfaChallenge;
import io.cinema.auth.account.User;
import io.cinema.auth.role.RoleModels.CreateRoleRequest;
import io.cinema.auth.role.RoleModels.RoleResponse;
import io.cinema.auth.role.RoleModels.UpdateRoleRequest;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Throwables;
import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.Principal;
import io.cinema.auth.token.Sessions;
import io.cinema.auth.token.StateCache;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;

/**
 * Role CRUD and user administration. Every change of roles or the active flag records its cache update in the
 * change's own transaction ({@link StateCache#userChangedOnCommit}, {@link StateCache#revokeSessionsOnCommit}), which
 * pushes it to Redis after the commit, or later through the outbox when Redis cannot take it; every change is logged at
 * INFO with actor, action and target.
 */
@Singleton
public class RoleService {

    /** Role names: what a sibling's {@code @RolesAllowed} can name, and nothing that needs escaping anywhere. */
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    /** Serialises every change that could leave no active superuser. */
    private static final long SUPERUSER_LOCK = 0x5375_7065_7255L;

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

    public List<RoleResponse> list() {
        return QuarkusTransaction.requiringNew().call(() -> Role.listByName().stream().map(RoleResponse::of).toList());
    }

    public RoleResponse get(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> RoleResponse.of(find(id)));
    }

    public RoleResponse create(String actor, CreateRoleRequest r) {
        String name = roleName(r.name());
        try {
            RoleResponse created = QuarkusTransaction.requiringNew().call(() -> {
                if (Role.findByName(name) != null) {
                    throw new ApiException(ErrorCode.ROLE_EXISTS, "A role with this name exists");
                }
                Role role = new Role();
                role.id = UUID.randomUUID();
                role.name = name;
                role.description = r.description();
                role.createdAt = clock.instant();
                role.persistAndFlush();
                return RoleResponse.of(role);
            });
            audit(actor, "role.create", "role " + created.id() + " (" + name + ")");
            return created;
        } catch (RuntimeException e) {
            throw uniqueRole(e);
        }
    }

    public RoleResponse update(String actor, UUID id, UpdateRoleRequest r) {
        if (r.name() == null && r.description() == null) {
            throw ApiException.validation("name", "give a name or a description to change");
        }
        String name = r.name() == null ? null : roleName(r.name());
        RoleResponse out;
        try {
            out = QuarkusTransaction.requiringNew().call(() -> {
                Role role = find(id);
                if (name != null && !name.equals(role.name)) {
                    if (role.system) {
                        throw new ApiException(ErrorCode.ROLE_PROTECTED, "The built-in roles cannot be renamed");
                    }
                    Role other = Role.findByName(name);
                    if (other != null && !other.id.equals(role.id)) {
                        throw new ApiException(ErrorCode.ROLE_EXISTS, "A role with this name exists");
                    }
                    role.name = name;
                    bumpUsersOf(role.id).forEach(stateCache::userChangedOnCommit);
                }
                if (r.description() != null) {
                    role.description = r.description();
                }
                Role.getEntityManager().flush();
                return RoleResponse.of(role);
            });
        } catch (RuntimeException e) {
            throw uniqueRole(e);
        }
        audit(actor, "role.update", "role " + id + " (" + out.name() + ")");
        return out;
    }

    public void delete(String actor, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Role role = find(id);
            if (role.system) {
                throw new ApiException(ErrorCode.ROLE_PROTECTED, "The built-in roles cannot be deleted");
            }
            bumpUsersOf(role.id).forEach(stateCache::userChangedOnCommit);
            UserRole.delete("roleId", role.id);
            role.delete();
        });
        audit(actor, "role.delete", "role " + id);
    }

    public Page<AccountResponse> users(String query, int page, int size) {
        AccountService.checkPaging(page, size);
        if (query != null && query.length() > 254) {
            throw ApiException.validation("query", "must be at most 254 characters");
        }
        if (query != null && query.chars().anyMatch(Character::isISOControl)) {
            // PostgreSQL refuses NUL in text: without this a stray %00 is a 500
            throw ApiException.validation("query", "must not contain control characters");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            String q = query == null || query.isBlank() ? null
                    : "%" + query.trim().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                            .replace("_", "\\_") + "%";
            Sort order = Sort.descending("createdAt").and("id");
            var found = q == null
                    ? User.findAll(order)
                    : User.find("lower(username) like ?1 escape '\\' or lower(email) like ?1 escape '\\'", order, q);
            long total = found.count();
            List<AccountResponse> items = found.page(io.quarkus.panache.common.Page.of(page - 1, size)).list().stream()
                    .map(u -> accounts.describe(((User) u).id)).toList();
            return Page.of(items, page, size, total);
        });
    }

    public AccountResponse user(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> accounts.describe(id));
    }

    public AccountResponse setActive(Principal actor, UUID userId, boolean active, RequestMeta meta) {
        List<UUID> revoked = QuarkusTransaction.requiringNew().call(() -> {
            User target = User.findForUpdate(userId);
            if (target == null) {
                throw ApiException.notFound("User");
            }
            boolean targetIsSuperuser = UserRole.find(userId, superuserRole().id) != null;
            if (targetIsSuperuser && !actor.isSuperuser()) {
                throw new ApiException(ErrorCode.FORBIDDEN, "Only a superuser may change a superuser's active flag");
            }
            if (target.active == active) {
                return List.<UUID>of();
            }
            if (!active && targetIsSuperuser) {
                lockSuperusers();
                if (activeSuperusers() <= 1) {
                    throw new ApiException(ErrorCode.CONFLICT, "The last active superuser cannot be disabled");
                }
            }
            target.active = active;
            target.updatedAt = clock.instant();
            target.bumpState();
            stateCache.userChangedOnCommit(userId);
            if (active) {
                return List.<UUID>of();
            }
            MfaChallenge.voidAllOf(userId);
            List<UUID> ids = sessions.revokeAllOf(userId, null, "account_disabled");
            history.record(userId, LoginHistory.Event.SESSION_REVOKED, true, meta, "account_disabled");
            return ids;
        });
        audit(actor.userId().toString(), active ? "user.enable" : "user.disable", "user " + userId);
        return user(userId);
    }

    public List<RoleResponse> rolesOf(UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (User.findById(userId) == null) {
                throw ApiException.notFound("User");
            }
            @SuppressWarnings("unchecked")
            List<Role> roles = Role.getEntityManager().createQuery(
                    "select r from Role r, UserRole ur where ur.roleId = r.id and ur.userId = ?1 order by r.name")
                    .setParameter(1, userId).getResultList();
            return roles.stream().map(RoleResponse::of).toList();
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
            audit(actorName(actor), "role.grant", "user " + userId + " role " + roleId);
        }
    }

    /** In the caller's transaction; {@code trusted} for the command line, which acts as the operator. */
    private boolean grantInTx(boolean trusted, Principal actor, UUID userId, UUID roleId) {
        Role role = find(roleId);
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
            Role role = find(roleId);
            UserRole ur = UserRole.find(userId, roleId);
            if (ur == null) {
                throw new ApiException(ErrorCode.NOT_FOUND, "The user does not have this role");
            }
            if (role.isSuperuser()) {
                if (!actor.isSuperuser()) {
                    throw new ApiException(ErrorCode.FORBIDDEN, "Only a superuser may take the superuser role");
                }
                lockSuperusers();
                if (user.active && activeSuperusers() <= 1) {
                    throw new ApiException(ErrorCode.CONFLICT, "The last active superuser cannot lose the role");
                }
            }
            ur.delete();
            user.bumpState();
            stateCache.userChangedOnCommit(userId);
        });
        audit(actorName(actor), "role.revoke", "user " + userId + " role " + roleId);
    }

    /** Creates a role from the command line; refuses an existing name. */
    public RoleResponse createFromCli(String name, String description) {
        return create("cli", new CreateRoleRequest(name, description));
    }

    private Role find(UUID id) {
        Role role = Role.findById(id);
        if (role == null) {
            throw ApiException.notFound("Role");
        }
        return role;
    }

    private static Role superuserRole() {
        return Role.findByName(Role.SUPERUSER);
    }

    private static void lockSuperusers() {
        Role.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(" + SUPERUSER_LOCK + ")").getSingleResult();
    }

    private static long activeSuperusers() {
        return ((Number) Role.getEntityManager().createNativeQuery("""
                SELECT count(*) FROM users u JOIN user_roles ur ON ur.user_id = u.id JOIN roles r ON r.id = ur.role_id
                WHERE r.name = 'superuser' AND u.active""").getSingleResult()).longValue();
    }

    /** Bumps the state version of every holder of the role (its name is in their cached state). */
    private List<UUID> bumpUsersOf(UUID roleId) {
        List<UUID> users = UserRole.usersWith(roleId);
        if (!users.isEmpty()) {
            User.update("stateVersion = stateVersion + 1 where id in ?1", users);
        }
        return users;
    }

    static String roleName(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.validation("name", "must not be blank");
        }
        String n = raw.trim();
        if (!ROLE_NAME.matcher(n).matches()) {
            throw ApiException.validation("name", "must be 1 to 64 of A-Z, a-z, 0-9, '.', '_', ':' or '-', starting with a letter or digit");
        }
        return n;
    }

    private static RuntimeException uniqueRole(RuntimeException e) {
        return Throwables.uniqueViolation(e).isPresent()
                ? new ApiException(ErrorCode.ROLE_EXISTS, "A role with this name exists") : e;
    }

    private static String actorName(Principal actor) {
        return actor == null ? "cli" : actor.userId().toString();
    }

    private static void audit(String actor, String action, String target) {
        Log.infof("audit: actor=%s action=%s target=%s", actor, action, target);
    }
}
