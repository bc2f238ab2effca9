package io.cinema.auth.account.service;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;

class PasswordPolicyTest {

    private static ApiException refused(String password) {
        ApiException e = assertThrows(ApiException.class, () -> PasswordPolicy.check("new_password", password));
        assertEquals(ErrorCode.VALIDATION_FAILED, e.code());
        assertEquals("new_password", e.errors().get(0).field());
        return e;
    }

    @Test
    void lengthIsEightToOneHundredTwentyEightCharacters() {
        refused("Xk3#vq9");
        assertDoesNotThrow(() -> PasswordPolicy.check("password", "Xk3#vq9!"));
        assertDoesNotThrow(() -> PasswordPolicy.check("password", "Xk3#vq9!".repeat(16)));
        refused("Xk3#vq9!".repeat(16) + "z");
    }

    @Test
    void lengthCountsCharactersNotUtf16Units() {
        // four film emoji are eight UTF-16 units but four characters
        refused("🎬🎬🎬🎬");
        assertDoesNotThrow(() -> PasswordPolicy.check("password", "🎬🎬🎬🎬🍿🍿🍿🍿"));
        assertDoesNotThrow(() -> PasswordPolicy.check("password", "🎬".repeat(128)));
        refused("🎬".repeat(129));
    }

    @ParameterizedTest
    @ValueSource(strings = {"password1", "iloveyou1", "12345678", "trustno1", "qwerty123", "password123", "football1",
        "sunshine1", "PASSWORD1", "ILoveYou1", "lizaveta"})
    void commonPasswordsAreRefusedWhateverTheirCase(String common) {
        assertTrue(PasswordPolicy.isCommon(common), common);
        assertTrue(refused(common).getMessage().contains("common"));
    }

    @Test
    void theListStopsAtTheTenThousandthPassword() {
        // "lizaveta" is number 9,999 of zxcvbn's frequency list, "bluenote" number 10,005
        assertTrue(PasswordPolicy.isCommon("lizaveta"));
        assertFalse(PasswordPolicy.isCommon("bluenote"));
        assertDoesNotThrow(() -> PasswordPolicy.check("password", "bluenote"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"correct horse battery staple", "Xk3#vq9!mZ", "kino-abend-2026"})
    void uncommonPasswordsOfTheRightLengthPass(String fine) {
        assertFalse(PasswordPolicy.isCommon(fine));
        assertDoesNotThrow(() -> PasswordPolicy.check("password", fine));
    }

    @Test
    void blankAndNulAreRefused() {
        refused(null);
        refused("");
        refused("correct\u0000horse battery");
    }
}
