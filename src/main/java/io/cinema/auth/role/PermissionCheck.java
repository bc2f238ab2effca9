package io.cinema.auth.role;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.role.RoleModels.CheckResponse;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.token.Authenticator;
import io.cinema.auth.token.Principal;

/**
 * Answers whether the token's user holds roles, from the Redis state cache (PostgreSQL only on a cache miss), so role
 * changes and revocations show at once. A superuser is allowed everything.
 */
@Singleton
public class PermissionCheck {

    static final int MAX_ROLES = 32;

    @Inject
    Authenticator authenticator;

    public CheckResponse check(String authorization, List<String> roles, String mode) {
        boolean all = parseMode(mode);
        List<String> wanted = roles == null ? List.of() : roles;
        if (wanted.size() > MAX_ROLES) {
            throw ApiException.validation("role", "at most " + MAX_ROLES + " roles per check");
        }
        for (String r : wanted) {
            if (r == null || r.isBlank() || r.length() > 64) {
                throw ApiException.validation("role", "each role must be 1 to 64 characters");
            }
        }
        if (Authenticator.bearer(authorization) == null) {
            return new CheckResponse(false, null, null, true);
        }
        Principal p = authenticator.authenticate(authorization);
        return new CheckResponse(allowed(p, wanted, all), p.userId(), p.roles(), null);
    }

    static boolean allowed(Principal p, List<String> wanted, boolean all) {
        if (p.isSuperuser() || wanted.isEmpty()) {
            return true;
        }
        return all ? wanted.stream().allMatch(p.roles()::contains) : wanted.stream().anyMatch(p.roles()::contains);
    }

    private static boolean parseMode(String mode) {
        if (mode == null || mode.isEmpty() || mode.equals("any")) {
            return false;
        }
        if (mode.equals("all")) {
            return true;
        }
        throw ApiException.validation("mode", "must be any or all");
    }
}
