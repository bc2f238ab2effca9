package io.cinema.auth.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which of the user's roles a session's tokens carry ({@link Sessions#tokenRoles}). */
class TokenRolesTest {

    @Test
    void aSessionOfTheUsersOwnCarriesEveryRole() {
        List<String> roles = List.of("user", "superuser", "admins");
        assertEquals(roles, Sessions.tokenRoles(roles, null, Optional.of("admins")));
    }

    @Test
    void aDeviceSessionCarriesOnlyTheAllowedRolesTheUserHolds() {
        assertEquals(List.of("user", "kids"), Sessions.tokenRoles(List.of("user", "kids", "moderator"),
                List.of("kids", "user", "premium"), Optional.empty()));
        assertEquals(List.of(), Sessions.tokenRoles(List.of("user"), List.of(), Optional.empty()));
    }

    @Test
    void aDeviceSessionNeverCarriesSuperuserOrTheAdministratorRoleEvenWhenAllowed() {
        // the allowed list is fixed at the approval; the administrator role may be configured later
        assertEquals(List.of("user"), Sessions.tokenRoles(List.of("user", "superuser", "admins"),
                List.of("user", "superuser", "admins"), Optional.of("Admins")));
    }
}
