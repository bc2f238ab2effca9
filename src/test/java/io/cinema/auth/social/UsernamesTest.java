package io.cinema.auth.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class UsernamesTest {

    @Test
    void namesAreNormalisedToTheUsernameAlphabet() {
        assertEquals("Alice_Liddell", Usernames.normalise("Alice Liddell"));
        assertEquals("Jose_Garcia", Usernames.normalise("José García"));
        assertEquals("admin", Usernames.normalise("ａｄｍｉｎ"));
        assertEquals("a.b-c_d", Usernames.normalise("..a.b-c_d--"));
        assertNull(Usernames.normalise("Иван"), "nothing usable is left of a Cyrillic name");
        assertNull(Usernames.normalise("ab"));
        assertNull(Usernames.normalise(null));
        assertEquals(Usernames.BASE_MAX, Usernames.normalise("x".repeat(200)).length());
    }

    @Test
    void theBaseFallsBackFromNameToEmailToProvider() {
        assertEquals("neo", Usernames.base("neo", "thomas@matrix.example", "mock"));
        assertEquals("thomas.anderson", Usernames.base("Нео", "thomas.anderson@matrix.example", "mock"));
        assertEquals("vk_user", Usernames.base(null, null, "vk"));
        assertEquals("vk_user", Usernames.base("", "@broken", "vk"));
    }

    @Test
    void aTakenNameGetsASuffixAndTheResultIsAlwaysValid() {
        Set<String> taken = new HashSet<>(Set.of("neo"));
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            String name = Usernames.unique("neo", n -> taken.contains(n.toLowerCase()), random);
            assertTrue(name.matches("[A-Za-z0-9._-]{3,50}"), name);
            assertTrue(taken.add(name.toLowerCase()), "unique: " + name);
        }
        String longBase = "y".repeat(Usernames.BASE_MAX);
        String name = Usernames.unique(longBase, n -> n.equals(longBase), random);
        assertTrue(name.length() <= Usernames.MAX && name.startsWith(longBase + "_"), name);
    }
}
