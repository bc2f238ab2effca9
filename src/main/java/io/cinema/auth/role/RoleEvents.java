package io.cinema.auth.role;

import java.util.UUID;

/**
 * Changes of a role that other holders of its name (service clients) must follow, fired synchronously inside the
 * change's transaction, so they commit or roll back with it.
 */
public final class RoleEvents {

    private RoleEvents() {
    }

    /** The role {@code roleId} was renamed from {@code from} to {@code to}. */
    public record Renamed(UUID roleId, String from, String to) {
    }

    /** The role {@code roleId}, named {@code name}, was deleted. */
    public record Deleted(UUID roleId, String name) {
    }
}
