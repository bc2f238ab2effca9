package io.cinema.auth.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;

class IdentifiersTest {

    private static void refusedUsername(String raw) {
        ApiException e = assertThrows(ApiException.class, () -> Identifiers.username("username", raw), raw);
        assertEquals(ErrorCode.VALIDATION_FAILED, e.code());
        assertEquals("username", e.errors().get(0).field());
    }

    private static void refusedEmail(String raw) {
        ApiException e = assertThrows(ApiException.class, () -> Identifiers.email("email", raw), raw);
        assertEquals("email", e.errors().get(0).field());
    }

    @Test
    void fullwidthAndCompatibilityFormsNormaliseToAscii() {
        assertEquals("admin", Identifiers.username("username", "ａｄｍｉｎ"));
        assertEquals("ADMIN", Identifiers.username("username", "ＡＤＭＩＮ"));
        assertEquals("bob_x", Identifiers.username("username", "ｂｏｂ＿ｘ"));
        assertEquals("file.name", Identifiers.username("username", "ﬁle.name"));
        assertEquals("user2", Identifiers.username("username", "user²"));
    }

    @Test
    void usernamesAreThreeToFiftyOfTheAllowedAlphabet() {
        refusedUsername("ab");
        assertEquals("abc", Identifiers.username("username", "abc"));
        assertEquals("a".repeat(50), Identifiers.username("username", "a".repeat(50)));
        refusedUsername("a".repeat(51));
        assertEquals("A.b_c-9", Identifiers.username("username", "A.b_c-9"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "with space", "tab\there", "nul\u0000byte", "аdmin", "rοot", "adm\u200bin",
        "admi\u0301n", "\u202eadmin", "user@name", "user/name", "../../x", "emoji🎬", "ünïcödé", "a;b", "a'b", "a\"b"})
    void lookAlikesControlsAndOtherCharactersAreRefused(String raw) {
        refusedUsername(raw);
    }

    @Test
    void aHugeRawUsernameIsRefusedBeforeNormalisation() {
        refusedUsername(null);
        refusedUsername("a".repeat(201));
        // NFKC may expand a character into several ("㌀" is four katakana): still refused, and quickly
        refusedUsername("㌀".repeat(200));
    }

    @ParameterizedTest
    @ValueSource(strings = {"user@example.com", "first.last+tag@sub.example.co.uk", "x@x.io", "o'brien@example.com",
        "UPPER@EXAMPLE.COM", "a_b-c@ex-ample.com"})
    void wellFormedEmailsPass(String email) {
        assertEquals(email, Identifiers.email("email", email));
    }

    @Test
    void emailsAreTrimmed() {
        assertEquals("user@example.com", Identifiers.email("email", "  user@example.com \t"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "plain", "@example.com", "user@", "user@localhost", "user@@example.com",
        "us er@example.com", ".user@example.com", "user.@example.com", "us..er@example.com", "user@-example.com",
        "user@example-.com", "user@exa_mple.com", "user@example..com", "user@ex\u0000ample.com", "usér@example.com",
        "user@exämple.com", "user@example.com\nBcc: victim@example.com", "<user@example.com>",
        "\"quoted\"@example.com", "user@[127.0.0.1]"})
    void malformedEmailsAreRefused(String email) {
        refusedEmail(email);
    }

    @Test
    void emailLengthLimitsAreThoseOfTheRfcs() {
        String local64 = "a".repeat(64);
        assertEquals(local64 + "@example.com", Identifiers.email("email", local64 + "@example.com"));
        refusedEmail("a".repeat(65) + "@example.com");
        String domain = ("d".repeat(60) + ".").repeat(4) + "com";
        String longest = "a".repeat(254 - 1 - domain.length()) + "@" + domain;
        assertEquals(254, longest.length());
        assertEquals(longest, Identifiers.email("email", longest));
        refusedEmail("a" + longest);
        refusedEmail(null);
    }

    @Test
    void theLoginKeyIsNormalisedTrimmedAndLowerCase() {
        assertEquals("admin", Identifiers.loginKey("  ＡＤＭＩＮ "));
        assertEquals("user@example.com", Identifiers.loginKey("User@Example.COM"));
        assertEquals("", Identifiers.loginKey(null));
    }

    @Test
    void onlyPlausibleLoginsAreLookedUp() {
        assertTrue(Identifiers.plausibleLogin("admin"));
        assertTrue(Identifiers.plausibleLogin("' OR '1'='1"));
        assertFalse(Identifiers.plausibleLogin(""));
        assertFalse(Identifiers.plausibleLogin(null));
        assertFalse(Identifiers.plausibleLogin("a\u0000b"));
        assertFalse(Identifiers.plausibleLogin("a\nb"));
        assertFalse(Identifiers.plausibleLogin("a".repeat(255)));
    }
}
