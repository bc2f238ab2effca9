package io.cinema.auth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The ids the service gives requests that bring none: well-formed random UUIDs, none twice. */
class RequestIdFilterTest {

    @Test
    void aNewIdIsAVersionFourUuidOfTheIetfVariantThatTheProxyPatternAccepts() {
        for (int i = 0; i < 1_000; i++) {
            String id = RequestIdFilter.newId();
            UUID parsed = UUID.fromString(id);
            assertEquals(4, parsed.version(), id);
            assertEquals(2, parsed.variant(), id);
            assertEquals(id, parsed.toString());
            assertTrue(id.matches("[A-Za-z0-9._:-]{1,128}"), id);
        }
    }

    @Test
    void aHundredThousandNewIdsFromTwoThreadsAreAllDistinct() throws InterruptedException {
        Set<String> first = new HashSet<>();
        Set<String> second = new HashSet<>();
        Thread other = new Thread(() -> {
            for (int i = 0; i < 50_000; i++) {
                second.add(RequestIdFilter.newId());
            }
        });
        other.start();
        for (int i = 0; i < 50_000; i++) {
            first.add(RequestIdFilter.newId());
        }
        other.join();
        assertEquals(50_000, first.size());
        assertEquals(50_000, second.size());
        first.addAll(second);
        assertEquals(100_000, first.size());
    }
}
