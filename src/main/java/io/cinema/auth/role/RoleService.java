package io.cinema.auth.role;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.User;
import io.cinema.auth.role.RoleModels.CreateRoleRequest;
import io.cinema.auth.role.RoleModels.RoleResponse;
import io.cinema.auth.role.RoleModels.UpdateRoleRequest;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Throwables;
import io.cinema.auth.token.StateCache;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Role CRUD. A rename or deletion changes the cached state of every holder, recorded in the change's own transaction
 * ({@link StateCache#userChangedOnCommit}), and other holders of its name follow it ({@link RoleEvents}); every
 * change is logged at INFO with actor, action and target.
 */
@Singleton
public class RoleService {

    /** Role names: what a sibling's {@code @RolesAllowed} can name, and nothing that needs escaping anywhere. */
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    @Inject
    Clock clock;
    @Inject
    StateCache stateCache;
    @Inject
    Event<Object> events;

    public List<RoleResponse> list() {
        return QuarkusTransaction.requiringNew().call(() -> Role.listByName().stream().map(RoleResponse::of).toList());
    }

    public RoleResponse get(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> RoleResponse.of(Role.findExisting(id)));
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
            Audit.log(actor, "role.create", "role " + created.id() + " (" + name + ")");
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
                Role role = Role.findExisting(id);
                if (name != null && !name.equals(role.name)) {
                    if (role.system) {
                        throw new ApiException(ErrorCode.ROLE_PROTECTED, "The built-in roles cannot be renamed");
                    }
                    Role other = Role.findByName(name);
                    if (other != null && !other.id.equals(role.id)) {
                        throw new ApiException(ErrorCode.ROLE_EXISTS, "A role with this name exists");
                    }
                    events.fire(new RoleEvents.Renamed(role.id, role.name, name));
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
        Audit.log(actor, "role.update", "role " + id + " (" + out.name() + ")");
        return out;
    }

    public void delete(String actor, UUID id) {
        QuarkusTransaction.requiringNew().run(() -> {
            Role role = Role.findExisting(id);
            if (role.system) {
                throw new ApiException(ErrorCode.ROLE_PROTECTED, "The built-in roles cannot be deleted");
            }
            bumpUsersOf(role.id).forEach(stateCache::userChangedOnCommit);
            events.fire(new RoleEvents.Deleted(role.id, role.name));
            UserRole.deleteAllOf(role.id);
            role.delete();
        });
        Audit.log(actor, "role.delete", "role " + id);
    }

    /** Creates a role from the command line; refuses an existing name. */
    public RoleResponse createFromCli(String name, String description) {
        return create("cli", new CreateRoleRequest(name, description));
    }

    /** Bumps the state version of every holder of the role (its name is in their cached state). */
    private List<UUID> bumpUsersOf(UUID roleId) {
        List<UUID> users = UserRole.usersWith(roleId);
        User.bumpStates(users);
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
}
