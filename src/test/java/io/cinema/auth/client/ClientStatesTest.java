package io.cinema.auth.client;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.client.TestClients.Made;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.token.ClientState;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;

/** The hot path's view of a client: cached in Redis, changed at once by every administrative change. */
@QuarkusTest
class ClientStatesTest {

    @Inject
    Admins admins;
    @Inject
    ClientStates states;
    @Inject
    RedisDataSource redis;

    TestUser root;

    @BeforeEach
    void setUp() {
        root = admins.superuser();
    }

    ClientState async(String clientId) {
        return states.lookupAsync(clientId).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void aDisabledClientIsInactiveAtOnceAndAnEnabledOneActiveAgain() {
        Made c = TestClients.create(root.accessToken(), List.of("s1"));
        // cached by the first lookups
        assertTrue(states.lookup(c.clientId()).active());
        assertTrue(async(c.clientId()).active());
        assertTrue(redis.value(String.class).get(ClientStates.key(c.clientId())) != null);

        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + c.id()).then()
                .statusCode(200);
        assertFalse(states.lookup(c.clientId()).active());
        assertFalse(async(c.clientId()).active());

        bearer(root.accessToken()).body(Map.of("active", true)).patch("/api/v1/clients/" + c.id()).then()
                .statusCode(200);
        assertTrue(states.lookup(c.clientId()).active());
    }

    @Test
    void roleAndScopeChangesAndDeletionReachTheCacheAtOnce() {
        String role = uniqueName("st");
        bearer(root.accessToken()).body(Map.of("name", role)).post("/api/v1/roles").then().statusCode(201);
        Made c = TestClients.create(root.accessToken(), List.of("a"));
        assertEquals(List.of(), states.lookup(c.clientId()).roles());
        bearer(root.accessToken()).body(Map.of("roles", List.of(role), "scopes", List.of("b")))
                .patch("/api/v1/clients/" + c.id()).then().statusCode(200);
        ClientState changed = states.lookup(c.clientId());
        assertEquals(List.of(role), changed.roles());
        assertEquals(List.of("b"), changed.scopes());
        assertEquals(List.of(role), async(c.clientId()).roles());

        bearer(root.accessToken()).delete("/api/v1/clients/" + c.id()).then().statusCode(204);
        ClientState gone = states.lookup(c.clientId());
        assertFalse(gone.active());
        assertEquals(List.of(), gone.roles());
        assertFalse(async(c.clientId()).active());
    }

    @Test
    void anEntryNotSealedByUsIsAMissNeverAGrant() {
        Made c = TestClients.create(root.accessToken(), List.of());
        bearer(root.accessToken()).body(Map.of("active", false)).patch("/api/v1/clients/" + c.id()).then()
                .statusCode(200);
        String key = ClientStates.key(c.clientId());
        String real = redis.value(String.class).get(key);
        // a forged "active" entry with a huge version, and the real entry's seal on a changed value
        redis.value(String.class).set(key, "999|1|superuser|a|9999999999999|AAAA");
        assertFalse(states.lookup(c.clientId()).active());
        assertFalse(async(c.clientId()).active());
        if (real != null) {
            redis.value(String.class).set(key, real.replaceFirst("\\|0\\|", "|1|"));
            assertFalse(states.lookup(c.clientId()).active());
        }
        // what the refused entry was replaced with is the truth, sealed
        assertFalse(states.lookup(c.clientId()).active());
    }

    @Test
    void anUnknownClientIsInactive() {
        assertFalse(states.lookup("nobody-" + uniqueName("x")).active());
        assertFalse(async("nobody-" + uniqueName("x")).active());
        assertFalse(states.lookup("x".repeat(500)).active());
        assertFalse(states.lookup(null).active());
    }
}
