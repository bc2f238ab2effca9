package io.cinema.auth.account.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.account.AccountConfig;
import io.cinema.auth.support.TestConfigs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Argon2id in PHC form with the real configuration mapping, small costs so the test stays quick. */
class PasswordHasherTest {

    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");

    private static PasswordHasher hasher(int memoryKib, int iterations, int parallelism) {
        return new PasswordHasher(TestConfigs.mapping(AccountConfig.class, Map.of(
                "auth.password.argon2.memory-kib", Integer.toString(memoryKib),
                "auth.password.argon2.iterations", Integer.toString(iterations),
                "auth.password.argon2.parallelism", Integer.toString(parallelism))),
                new SecureRandom(), new SimpleMeterRegistry());
    }

    private final PasswordHasher small = hasher(8192, 1, 1);

    @Test
    void hashesOfTheNativeFillVerifyWithTheJavaLoopAndTheOtherWayRound() {
        assumeTrue(Argon2idNative.available(), Argon2idNative.status());
        PasswordHasher java = new PasswordHasher(TestConfigs.mapping(AccountConfig.class, Map.of(
                "auth.password.argon2.memory-kib", "8192", "auth.password.argon2.iterations", "1",
                "auth.password.argon2.native", "false")), new SecureRandom(), new SimpleMeterRegistry());
        assertTrue(small.nativeFill());
        assertFalse(java.nativeFill());
        String byNative = small.hash("correct horse battery staple");
        String byJava = java.hash("correct horse battery staple");
        assertTrue(java.verify("correct horse battery staple", byNative));
        assertTrue(small.verify("correct horse battery staple", byJava));
        assertFalse(java.verify("correct horse battery stapl", byNative));
        assertFalse(small.verify("correct horse battery stapl", byJava));
    }

    @Test
    void aHashIsAPhcStringWithTheConfiguredParameters() {
        String hash = small.hash("correct horse battery staple");
        assertTrue(PHC.matcher(hash).matches(), hash);
        assertTrue(hash.startsWith("$argon2id$v=19$m=8192,t=1,p=1$"), hash);
        String other = hasher(9216, 2, 2).hash("correct horse battery staple");
        assertTrue(other.startsWith("$argon2id$v=19$m=9216,t=2,p=2$"), other);
    }

    @Test
    void theRightPasswordVerifiesAndAWrongOneDoesNot() {
        String hash = small.hash("correct horse battery staple");
        assertTrue(small.verify("correct horse battery staple", hash));
        assertFalse(small.verify("correct horse battery stapl", hash));
        assertFalse(small.verify("Correct horse battery staple", hash));
        assertFalse(small.verify("", hash));
    }

    @Test
    void everyHashHasItsOwnSalt() {
        assertNotEquals(small.hash("same password"), small.hash("same password"));
    }

    @Test
    void hashesOfTheReferenceImplementationVerify() {
        // made with the argon2 command line tool (the reference C implementation), e.g.
        // echo -n "correct horse battery staple" | argon2 "somesalt16bytes!" -id -m 13 -t 1 -p 1 -l 32 -e
        assertTrue(small.verify("correct horse battery staple",
                "$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY"));
        assertTrue(small.verify("Pässwörd mit Ümlauten 🎬",
                "$argon2id$v=19$m=19456,t=2,p=1$YW5vdGhlcjE2Ynl0ZXNhbHQ$9LKXgggcAL7VX/rokxTJs+jnCiH/mod5ZTjPlvJ+ulc"));
        // one hash character changed (the first: the last one also holds padding bits)
        assertFalse(small.verify("correct horse battery staple",
                "$argon2id$v=19$m=8192,t=1,p=1$c29tZXNhbHQxNmJ5dGVzIQ$S3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY"));
        // the same hash under another salt
        assertFalse(small.verify("correct horse battery staple",
                "$argon2id$v=19$m=8192,t=1,p=1$c29tZYNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY"));
    }

    @Test
    void aHashNeedsRehashWhenAnyParameterChanges() {
        String hash = small.hash("correct horse battery staple");
        assertFalse(small.needsRehash(hash));
        assertTrue(hasher(16384, 1, 1).needsRehash(hash));
        assertTrue(hasher(8192, 2, 1).needsRehash(hash));
        assertTrue(hasher(8192, 1, 2).needsRehash(hash));
        // and the old hash still verifies under the new parameters, so the login that rehashes can happen
        assertTrue(hasher(16384, 2, 2).verify("correct horse battery staple", hash));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "$argon2id$", "$argon2i$v=19$m=8192,t=1,p=1$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$argon2id$v=16$m=8192,t=1,p=1$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$argon2id$v=19$m=8192,t=1$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$argon2id$v=19$m=x,t=1,p=1$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$argon2id$v=19$m=8192,t=1,p=1$!!!$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$argon2id$v=19$m=8192,t=1,p=1,q=2$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$argon2id$v=19$m=8192,t=999999,p=1$c29tZXNhbHQxNmJ5dGVzIQ$R3qiURb0mu4TcUoQonFFYNU6hPzN+B+CKjmQVzfypOY",
        "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"})
    void aGarbageHashNeverVerifiesNorCostsMoreThanTheDummy(String garbage) {
        long start = System.nanoTime();
        assertFalse(small.verify("correct horse battery staple", garbage));
        assertTrue(small.needsRehash(garbage));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "absurd parameters were used");
    }

    @Test
    void anUnknownLoginVerifiesAgainstTheDummyAndFails() {
        assertFalse(small.verify("dummy-password-for-unknown-logins", null));
        assertFalse(small.verify("anything at all", null));
    }
}
