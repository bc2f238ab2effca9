package io.cinema.auth.device;

import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Wrong user codes are limited to 10 a minute per user and 30 a minute per client IP, lookups and approvals alike,
 * counted in Redis before the code is checked; right codes do not count. The clock is frozen, so these tests count
 * attempts, not seconds.
 */
@QuarkusTest
class DeviceGuessLimitTest {

    static final int PER_USER = 10;
    static final int PER_IP = 30;

    @Inject
    Admins admins;
    @Inject
    TestClock clock;

    Tv.Client tv;

    @BeforeEach
    void setUp() {
        clock.freeze(Instant.now());
        tv = Tv.client(admins.superuser().accessToken(), List.of(), List.of());
    }

    @AfterEach
    void resetTheClock() {
        clock.reset();
    }

    /** A well-formed code that names no request (a random one, so tests never collide with a live code). */
    static String wrongCode(int i) {
        StringBuilder sb = new StringBuilder();
        long n = (long) (Math.random() * 1e12) + i;
        for (int k = 0; k < 8; k++) {
            sb.append(DeviceCodes.ALPHABET.charAt((int) (n % 20)));
            n /= 20;
        }
        return sb.toString();
    }

    static void assertLimited(Response r) {
        r.then().statusCode(429).contentType("application/problem+json").body("code", equalTo("RATE_LIMITED"))
                .header("Retry-After", notNullValue());
        assertTrue(Long.parseLong(r.header("Retry-After")) >= 1);
    }

    @Test
    void tenWrongCodesOfAUserThenEveryAttemptIsRateLimitedTheRightCodeToo() {
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        for (int i = 0; i < PER_USER / 2; i++) {
            Tv.lookup(viewer.accessToken(), wrongCode(i)).then().statusCode(404);
            Tv.approve(viewer.accessToken(), wrongCode(i)).then().statusCode(404);
        }
        assertLimited(Tv.lookup(viewer.accessToken(), wrongCode(99)));
        assertLimited(Tv.lookup(viewer.accessToken(), req.userCode()));
        assertLimited(Tv.approve(viewer.accessToken(), req.userCode()));
        // the limit is the user's: another viewer from anywhere is untouched, and the TV still waits
        TestUser other = signup();
        Tv.lookup(other.accessToken(), req.userCode()).then().statusCode(200);
        // a minute later the user's count has room again
        clock.advance(Duration.ofMinutes(1));
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
    }

    @Test
    void rightCodesDoNotCount() {
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        for (int i = 0; i < 3 * PER_USER; i++) {
            Tv.lookup(viewer.accessToken(), req.userCode()).then().statusCode(200);
        }
        for (int i = 0; i < PER_USER - 1; i++) {
            Tv.lookup(viewer.accessToken(), wrongCode(i)).then().statusCode(404);
        }
        Tv.approve(viewer.accessToken(), req.userCode()).then().statusCode(204);
        Tv.lookup(viewer.accessToken(), wrongCode(100)).then().statusCode(404);
        assertLimited(Tv.lookup(viewer.accessToken(), wrongCode(101)));
    }

    @Test
    void thirtyWrongCodesFromOneAddressLimitEveryUserThere() {
        String ip = randomIp();
        for (int u = 0; u < PER_IP / PER_USER; u++) {
            TestUser viewer = signup();
            for (int i = 0; i < PER_USER; i++) {
                Tv.lookup(viewer.accessToken(), wrongCode(i), ip).then().statusCode(404);
            }
        }
        TestUser fresh = signup();
        Tv.Request req = Tv.start(tv);
        assertLimited(Tv.lookup(fresh.accessToken(), wrongCode(0), ip));
        assertLimited(Tv.decide(fresh.accessToken(), req.userCode(), null, ip));
        // refused by the address's count, the attempt did not use the user's: elsewhere the user still has them all
        for (int i = 0; i < PER_USER - 1; i++) {
            Tv.lookup(fresh.accessToken(), wrongCode(i), randomIp()).then().statusCode(404);
        }
        Tv.decide(fresh.accessToken(), req.userCode(), null, randomIp()).then().statusCode(204);
    }

    @Test
    void aStormOfParallelGuessesHasOnlyTheLimitChecked() throws Exception {
        TestUser viewer = signup();
        Tv.Request req = Tv.start(tv);
        int guesses = 200;
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            String code = wrongCode(i);
            calls.add(() -> Tv.lookup(viewer.accessToken(), code));
        }
        List<Integer> statuses = run(calls, 40);
        long checked = statuses.stream().filter(s -> s == 404).count();
        long limited = statuses.stream().filter(s -> s == 429).count();
        assertEquals(PER_USER, checked, statuses.toString());
        assertEquals(guesses - PER_USER, limited, statuses.toString());
        // the right code, guessed after the storm, is never even looked at
        assertLimited(Tv.lookup(viewer.accessToken(), req.userCode()));
    }

    private static List<Integer> run(List<Callable<Response>> calls, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (Callable<Response> c : calls) {
                futures.add(pool.submit(c));
            }
            List<Integer> out = new ArrayList<>();
            for (Future<Response> f : futures) {
                out.add(f.get().statusCode());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
