package io.cinema.auth.social;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.cinema.auth.support.Crypto;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.ValueCommands;

/**
 * The server side of {@code state}: what the callback must know about the flow that authorize started. Kept in Redis
 * under a hash of the state (a Redis dump does not give usable states), with a short TTL, and taken with GETDEL so
 * each state is used once, on every replica.
 */
@Singleton
public class FlowStates {

    /** A flow waits this long for its callback. */
    public static final Duration TTL = Duration.ofMinutes(10);

    /**
     * One flow. {@code bindingHash} is the SHA-256 of the browser-binding cookie; a linking flow carries the user and
     * the session whose bearer token called authorize; a flow started on a hosted page carries that page
     * ({@link HostedReturn#relative()}), and only such a flow is taken up by the hosted {@code /social-callback}.
     */
    // a Jackson value kept in Redis: the native image keeps its accessors
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record Flow(String provider, String verifier, String nonce, String redirectUri, String bindingHash,
            UUID linkUserId, UUID linkSessionId, String returnTo) {

        @Override
        public String toString() {
            return "Flow[" + provider + (linkUserId == null ? "" : ", link " + linkUserId) + "]";
        }
    }

    private final ValueCommands<String, String> values;
    private final ObjectMapper mapper;

    @Inject
    public FlowStates(RedisDataSource redis, ObjectMapper mapper) {
        this.values = redis.value(String.class);
        this.mapper = mapper;
    }

    static String key(String state) {
        return "auth:social:state:" + Crypto.base64Url(Crypto.sha256(state));
    }

    public void save(String state, Flow flow) {
        try {
            values.setex(key(state), TTL.toSeconds(), mapper.writeValueAsString(flow));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The flow of this state, left in place: the hosted callback page reads where to return and which provider to
     * finish with, and the API's callback then takes the state. Null when unknown, used or expired.
     */
    public Flow peek(String state) {
        return read(values.get(key(state)));
    }

    /** The flow of this state, removed at once; null when unknown, used or expired. */
    public Flow take(String state) {
        return read(values.getdel(key(state)));
    }

    private Flow read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, Flow.class);
        } catch (IOException e) {
            return null;
        }
    }
}
