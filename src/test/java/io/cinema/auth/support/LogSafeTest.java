package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void lineBreaksCannotStartAForgedLogLine() {
        String path = "/api/v1/users/x\r\n12:00:00 INFO audit: user root was granted superuser";
        String safe = LogSafe.escape(path);
        assertFalse(safe.contains("\r") || safe.contains("\n"), safe);
        assertEquals("/api/v1/users/x\\u000d\\u000a12:00:00 INFO audit: user root was granted superuser", safe);
    }

    @Test
    void everyControlFormatAndSeparatorCharacterIsEscaped() {
        assertEquals("a\\u0000b\\u001b[31mc\\u007fd\\u0085e\\u2028f\\u2029g\\u202eh\\u0009i",
                LogSafe.escape("a\u0000b\u001b[31mc\u007fd\u0085e\u2028f\u2029g\u202eh\ti"));
    }

    @Test
    void aBackslashIsDoubledSoAnEscapeInTheLogIsAlwaysOurs() {
        assertEquals("x\\\\u000ay", LogSafe.escape("x\\u000ay"));
    }

    @Test
    void plainTextAndPairedSurrogatesStayAsTheyAre() {
        assertEquals("/api/v1/users/9b2e \u00e9\u4e2d\ud83d\ude00", LogSafe.escape("/api/v1/users/9b2e \u00e9\u4e2d\ud83d\ude00"));
        assertEquals("null", LogSafe.escape(null));
    }

    @Test
    void unpairedSurrogatesAreEscaped() {
        assertEquals("a\\ud800b\\udfff", LogSafe.escape("a\ud800b\udfff"));
    }

    @Test
    void longValuesAreCutAndSayHowMuchWasLeftOut() {
        String safe = LogSafe.escape("x".repeat(10_000));
        assertTrue(safe.startsWith("x".repeat(LogSafe.MAX_LENGTH) + "..."), safe);
        assertTrue(safe.endsWith("(" + (10_000 - LogSafe.MAX_LENGTH) + " more)"), safe);
        assertTrue(safe.length() < LogSafe.MAX_LENGTH + 32);
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        String s = "a".repeat(LogSafe.MAX_LENGTH - 1) + "\ud83d\ude00tail";
        String safe = LogSafe.escape(s);
        assertFalse(safe.contains("\\ud83d"), safe);
        assertTrue(safe.startsWith("a".repeat(LogSafe.MAX_LENGTH - 1) + "..."), safe);
    }
}
