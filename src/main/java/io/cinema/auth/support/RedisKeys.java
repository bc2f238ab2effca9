package io.cinema.auth.support;

import java.util.UUID;

/**
 * The rule for Redis keys that must live in one hash slot, so the service runs on a Redis Cluster as on one server.
 * Redis Cluster puts a key in the slot of its hash tag, the part between the first {@code {}} and the next
 * {@code }}, or of the whole key when it has none; a command or a Lua script whose keys fall in two slots fails with
 * {@code CROSSSLOT}. So every key read or written together with another carries the tag of what they share:
 *
 * <ul>
 * <li>a user's state-cache entries, {@code auth:user:{u:<uid>}} and {@code auth:sess:{u:<uid>}:<sid>} for each of
 * the user's sessions, are read with one {@code MGET} on every bearer call (the permission check, forward
 * authentication): the tag {@code {u:<uid>}} keeps them on one node;</li>
 * <li>every other key is read and written alone and each Lua script touches one key ({@link RedisScript} passes
 * exactly one): the rate limits and brute-force counts {@code auth:rl:<bucket>:<hash>} (RateLimiter), the client
 * entries {@code auth:client:<id>} (ClientStates) and the social-login states {@code auth:social:state:<hash>}
 * (FlowStates) need no tag, and spread over the cluster by their own names.</li>
 * </ul>
 *
 * <p>A new multi-key command or script needs its keys built here with one tag.
 */
public final class RedisKeys {

    private RedisKeys() {
    }

    /** The hash tag of everything cached about one user. */
    public static String userTag(UUID userId) {
        return "{u:" + userId + "}";
    }

    /** The state-cache entry of a session of {@code userId}: in the user's slot. */
    public static String session(UUID userId, UUID sessionId) {
        return "auth:sess:" + userTag(userId) + ":" + sessionId;
    }

    /** The state-cache entry of a user's active flag, roles and profile. */
    public static String user(UUID userId) {
        return "auth:user:" + userTag(userId);
    }

    /**
     * The session key of the releases before hash tags ({@code auth:sess:<sid>}). Never read again: a replica of this
     * release writes the revocation marker there too and deletes it where it deletes the new key, so a replica of the
     * previous release still running during a rolling deploy cannot serve a revoked session from it. Remove in the
     * release after.
     */
    public static String legacySession(UUID sessionId) {
        return "auth:sess:" + sessionId;
    }

    /** The user key of the releases before hash tags ({@code auth:user:<uid>}): deleted on a change, never read. */
    public static String legacyUser(UUID userId) {
        return "auth:user:" + userId;
    }
}
