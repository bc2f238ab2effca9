package io.cinema.auth.totp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RecoveryCodesTest {

    @Test
    void normalisingIgnoresCaseDashesAndSpaces() {
        assertEquals("abcdefgh23", RecoveryCodes.normalize("abcde-fgh23"));
        assertEquals("abcdefgh23", RecoveryCodes.normalize(" ABCDE FGH23 "));
        assertEquals("abcdefgh23", RecoveryCodes.normalize("abcdefgh23"));
    }

    @Test
    void textThatCannotBeARecoveryCodeIsRefused() {
        for (String bad : new String[] {null, "", "123456", "abcde-fgh2", "abcde-fgh234", "abcde-fgh18", "abcde_fgh23",
            "x".repeat(1000)}) {
            assertNull(RecoveryCodes.normalize(bad), String.valueOf(bad));
        }
    }
}
