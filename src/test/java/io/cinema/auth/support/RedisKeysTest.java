package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.vertx.redis.client.impl.ZModem;

/** Slots as the Vert.x Cluster client computes them (CRC16 of the hash tag, mod 16384), the one that routes ours. */
class RedisKeysTest {

    @Test
    void aUsersSessionAndUserEntriesShareOneClusterSlot() {
        for (int i = 0; i < 1000; i++) {
            UUID user = UUID.randomUUID();
            int slot = ZModem.generate(RedisKeys.user(user));
            for (int s = 0; s < 3; s++) {
                assertEquals(slot, ZModem.generate(RedisKeys.session(user, UUID.randomUUID())), user.toString());
            }
            assertEquals(ZModem.generate(RedisKeys.userTag(user)), slot);
        }
    }

    @Test
    void usersSpreadOverTheCluster() {
        Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            slots.add(ZModem.generate(RedisKeys.user(UUID.randomUUID())) * 3 / 16384);
        }
        assertEquals(Set.of(0, 1, 2), slots, "the users of 1000 fall on every third of the slots");
    }

    @Test
    void thePreviousReleasesKeysAreNotTheNewOnes() {
        UUID user = UUID.randomUUID();
        UUID sid = UUID.randomUUID();
        assertTrue(!RedisKeys.legacySession(sid).equals(RedisKeys.session(user, sid)));
        assertEquals("auth:sess:" + sid, RedisKeys.legacySession(sid));
        assertEquals("auth:user:" + user, RedisKeys.legacyUser(user));
        assertEquals("auth:user:{u:" + user + "}", RedisKeys.user(user));
    }
}
