package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RateLimiterKeysTest {

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        assertEquals(RateLimiter.clientNetwork("2001:db8:1:2::1"), RateLimiter.clientNetwork("2001:db8:1:2:ffff::9"));
        assertEquals(RateLimiter.clientNetwork("2001:db8:1:2::1"),
                RateLimiter.clientNetwork("2001:0db8:0001:0002:abcd:0:0:1"));
        assertNotEquals(RateLimiter.clientNetwork("2001:db8:1:2::1"), RateLimiter.clientNetwork("2001:db8:1:3::1"));
    }

    @Test
    void aRateIsParsedOnceAtStartAndABadOneFailsNamingItsKey() {
        RateLimitConfig ok = config(java.util.Map.of("auth.rate-limit.login-per-ip", "7/PT30S"));
        assertEquals(new RateLimiter.Rate(7, java.time.Duration.ofSeconds(30)), ok.loginPerIp());
        for (String bad : new String[] {"sixty/PT1M", "60", "0/PT1M", "60/1m"}) {
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                    () -> config(java.util.Map.of("auth.rate-limit.login-per-ip", bad)).loginPerIp());
            String all = String.valueOf(e.getMessage()) + " " + String.valueOf(e.getCause());
            org.junit.jupiter.api.Assertions.assertTrue(all.contains("auth.rate-limit.login-per-ip"), all);
        }
    }

    static RateLimitConfig config(java.util.Map<String, String> values) {
        return TestConfigs.mapping(RateLimitConfig.class, values);
    }

    @Test
    void anIpv4ClientCountsByItsAddress() {
        assertEquals("203.0.113.7", RateLimiter.clientNetwork("203.0.113.7"));
        assertNotEquals(RateLimiter.clientNetwork("203.0.113.7"), RateLimiter.clientNetwork("203.0.113.8"));
    }

    @Test
    void theBruteForceSubjectIsTheAccountWhenThereIsOne() {
        UUID id = UUID.randomUUID();
        assertEquals(RateLimiter.bruteForceSubject(id, "alice"), RateLimiter.bruteForceSubject(id, "alice@example.com"));
        assertNotEquals(RateLimiter.bruteForceSubject(null, "alice"), RateLimiter.bruteForceSubject(id, "alice"));
        assertEquals(RateLimiter.bruteForceSubject(null, "alice"), RateLimiter.bruteForceSubject(null, "alice"));
    }
}
