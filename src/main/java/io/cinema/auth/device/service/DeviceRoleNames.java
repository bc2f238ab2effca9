package io.cinema.auth.device.service;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.role.RoleEvents;
import io.cinema.auth.token.Session;
import io.cinema.auth.token.StateCache;

/**
 * TV sessions name the roles they may carry, as the clients do, so they follow a role's rename (a renamed role stays
 * allowed) and deletion (a new role of the old name is not), in the role change's transaction; their cached state is
 * dropped on commit, so every replica reads the new names at the next request.
 */
@Singleton
public class DeviceRoleNames {

    @Inject
    StateCache stateCache;

    void onRoleRenamed(@Observes RoleEvents.Renamed e) {
        changed(Session.renameAllowedRole(e.from(), e.to()));
    }

    void onRoleDeleted(@Observes RoleEvents.Deleted e) {
        changed(Session.removeAllowedRole(e.name()));
    }

    private void changed(List<UUID> sessions) {
        if (!sessions.isEmpty()) {
            stateCache.sessionsChangedOnCommit(sessions);
        }
    }
}
