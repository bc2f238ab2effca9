package io.cinema.auth.role;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Request and response bodies of role and user administration and the permission check. */
public final class RoleModels {

    private RoleModels() {
    }

    public record RoleResponse(UUID id, String name, String description, boolean system) {
        static RoleResponse of(Role r) {
            return new RoleResponse(r.id, r.name, r.description, r.system);
        }
    }

    public record CreateRoleRequest(@NotBlank @Size(max = 64) String name, @Size(max = 500) String description) {
    }

    public record UpdateRoleRequest(@Size(max = 64) String name, @Size(max = 500) String description) {
    }

    public record UpdateUserRequest(@NotNull Boolean active) {
    }

    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record CheckResponse(boolean allowed, UUID userId, String clientId, List<String> roles, Boolean anonymous) {
    }
}
