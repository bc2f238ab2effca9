package io.cinema.auth.role;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.role.RoleModels.CheckResponse;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.token.Authenticator;
import io.cinema.auth.token.Principal;
import io.smallrye.mutiny.Uni;

/**
 * Answers whether the token's user holds roles, from the Redis state cache (PostgreSQL only on a cache miss), so role
 * changes and revocations show at once. A superuser is allowed everything. The question is checked before the token:
 * a check that names no role, or a parameter this check does not know, is 400 for anyone, so a sibling's typo shows
 * at its first call instead of passing as "allowed".
 */
@Singleton
public class PermissionCheck {

    static final int MAX_ROLES = 32;
    static final Set<String> PARAMETERS = Set.of("role", "mode");

    @Inject
    Authenticator authenticator;

    /**
     * The check for a whole raw query string ({@code role=a&role=b&mode=any}). It is read here, not from the framework's
     * parameter map, because that map ignores the case of names: {@code ROLE=x} would be a role and {@code Role=x} an
     * unknown parameter, and only an exact {@code role} may count. A bad question throws at once; the answer comes
     * without blocking (see {@link Authenticator#authenticateAsync}).
     */
    public Uni<CheckResponse> check(String authorization, String rawQuery) {
        Question q = question(parseQuery(rawQuery), true);
        if (Authenticator.bearer(authorization) == null) {
            return Uni.createFrom().item(new CheckResponse(false, null, null, null, true));
        }
        return authenticator.authenticateAnyAsync(Authenticator.bearer(authorization),
                p -> new CheckResponse(allowed(p, q.roles(), q.all()), p.userId(), p.clientId(), p.roles(), null));
    }

    /**
     * Forward authentication: the caller of the token when it may pass, else a failure with the refusal
     * (TOKEN_MISSING, TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_REVOKED, ACCOUNT_DISABLED, FORBIDDEN). Without a role any live
     * user passes and no service client does.
     */
    public Uni<Principal> forward(String authorization, String rawQuery) {
        Question q = question(parseQuery(rawQuery), false);
        String token = Authenticator.bearer(authorization);
        if (token == null) {
            return Uni.createFrom().failure(ApiException.tokenMissing());
        }
        return authenticator.authenticateAnyAsync(token, p -> {
            // without a role any signed-in user passes; a service client only ever passes a check naming its role
            if ((q.roles().isEmpty() && p.isClient()) || !q.roles().isEmpty() && !allowed(p, q.roles(), q.all())) {
                throw new ApiException(ErrorCode.FORBIDDEN, "This needs a role the caller does not have");
            }
            return p;
        });
    }

    /** The roles asked for and whether all of them are needed. */
    record Question(List<String> roles, boolean all) {
    }

    static Question question(Map<String, List<String>> query, boolean roleRequired) {
        Set<String> unknown = new TreeSet<>(query.keySet());
        unknown.removeAll(PARAMETERS);
        if (!unknown.isEmpty()) {
            String first = unknown.iterator().next();
            // named back only when it is a plain name: the answer never echoes arbitrary caller text
            throw ApiException.validation(first.matches("[A-Za-z0-9_.-]{1,64}") ? first : "query",
                    "is not a parameter of the permission check (role, mode)");
        }
        List<String> modes = query.getOrDefault("mode", List.of());
        if (modes.size() > 1) {
            throw ApiException.validation("mode", "must be given at most once");
        }
        boolean all = parseMode(modes.isEmpty() ? null : modes.get(0));
        List<String> wanted = query.getOrDefault("role", List.of());
        if (wanted.isEmpty() && roleRequired) {
            throw ApiException.validation("role", "at least one role is required");
        }
        if (wanted.size() > MAX_ROLES) {
            throw ApiException.validation("role", "at most " + MAX_ROLES + " roles per check");
        }
        for (String r : wanted) {
            if (r == null || r.isBlank() || r.length() > 64) {
                throw ApiException.validation("role", "each role must be 1 to 64 characters");
            }
        }
        return new Question(List.copyOf(wanted), all);
    }

    /** Names (exact, case kept) to their decoded values, in order; {@code a} alone is {@code a=""}. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("query", "is not a well-formed query string");
        }
    }

    static boolean allowed(Principal p, List<String> wanted, boolean all) {
        if (wanted.isEmpty()) {
            return false; // never reached through check(); an empty question allows nothing
        }
        if (p.isSuperuser()) {
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
