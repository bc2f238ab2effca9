package io.cinema.auth.account;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Singleton;

import io.cinema.auth.token.UserState;
import io.cinema.auth.token.UserStateLoader;

/** Reads users' authorization state and linked providers from PostgreSQL. */
@Singleton
public class UserDirectory implements UserStateLoader {

    /** The built-in role every new account gets. */
    public static final UUID USER_ROLE_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");
    public static final UUID SUPERUSER_ROLE_ID = UUID.fromString("00000000-0000-0000-0000-000000000002");

    /** A provider account linked to a user. */
    public record LinkedProvider(String provider, String socialId) {
    }

    @Override
    public UserState load(UUID userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = User.getEntityManager().createNativeQuery("""
                SELECT u.username, u.active, u.state_version,
                       coalesce(string_agg(r.name, ',' ORDER BY r.name), '')
                FROM users u
                LEFT JOIN user_roles ur ON ur.user_id = u.id
                LEFT JOIN roles r ON r.id = ur.role_id
                WHERE u.id = ?1
                GROUP BY u.id""").setParameter(1, userId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object[] r = rows.get(0);
        String names = (String) r[3];
        List<String> roles = names.isEmpty() ? List.of() : List.copyOf(Arrays.asList(names.split(",")));
        return new UserState(userId, ((Number) r[2]).longValue(), (Boolean) r[1], (String) r[0], roles);
    }

    public List<String> roleNames(UUID userId) {
        UserState s = load(userId);
        return s == null ? List.of() : s.roles();
    }

    public void grantRole(UUID userId, UUID roleId) {
        User.getEntityManager().createNativeQuery("""
                INSERT INTO user_roles (user_id, role_id, granted_at) VALUES (?1, ?2, now())
                ON CONFLICT DO NOTHING""").setParameter(1, userId).setParameter(2, roleId).executeUpdate();
    }

    public List<LinkedProvider> providers(UUID userId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = User.getEntityManager().createNativeQuery(
                "SELECT provider, social_id FROM social_accounts WHERE user_id = ?1 ORDER BY provider")
                .setParameter(1, userId).getResultList();
        List<LinkedProvider> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new LinkedProvider((String) r[0], (String) r[1]));
        }
        return out;
    }
}
