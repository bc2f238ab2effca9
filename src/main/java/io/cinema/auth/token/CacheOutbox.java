package io.cinema.auth.token;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A change of cached authorization state that Redis has not taken yet, written in the transaction of the change so
 * that it is exactly as durable as the change. Deleted once pushed; see {@link StateCache} and {@link CacheOutboxPusher}.
 */
@Entity
@Table(name = "cache_outbox")
public class CacheOutbox extends PanacheEntityBase {

    public static final String SESSION_REVOKED = "session_revoked";
    public static final String USER_CHANGED = "user_changed";
    /** A service client's state changed (roles, scopes, active, deleted); pushed by the client feature. */
    public static final String CLIENT_CHANGED = "client_changed";

    @Id
    public UUID id;

    @Column(nullable = false)
    public String kind;

    /**
     * A session id for {@link #SESSION_REVOKED}, a user id for {@link #USER_CHANGED}, a client's row id for
     * {@link #CLIENT_CHANGED}.
     */
    @Column(nullable = false)
    public UUID target;

    /** Set by PostgreSQL: only orders the work, so the injected clock has no say in it. */
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    static CacheOutbox of(String kind, UUID target) {
        CacheOutbox row = new CacheOutbox();
        row.id = UUID.randomUUID();
        row.kind = kind;
        row.target = target;
        return row;
    }

    /** The oldest rows no other replica is pushing, locked until the caller's transaction ends. */
    @SuppressWarnings("unchecked")
    static List<CacheOutbox> lockOldest(int limit) {
        return getEntityManager().createNativeQuery(
                "SELECT * FROM cache_outbox ORDER BY created_at LIMIT ?1 FOR UPDATE SKIP LOCKED", CacheOutbox.class)
                .setParameter(1, limit).getResultList();
    }

    /**
     * These rows, locked until the caller's transaction ends; waits for a replica's job that holds some of them (it
     * holds them only while it pushes), so when this returns, whatever it does not return has been pushed.
     */
    @SuppressWarnings("unchecked")
    static List<CacheOutbox> lock(Collection<UUID> ids) {
        return getEntityManager().createNativeQuery(
                "SELECT * FROM cache_outbox WHERE id IN (?1) ORDER BY id FOR UPDATE", CacheOutbox.class)
                .setParameter(1, List.copyOf(ids)).getResultList();
    }

    /**
     * The targets of at most {@code limit} rows, oldest first, whether or not a replica is pushing them (no lock): what
     * the cache must not believe until they are pushed ({@link CacheTrust}).
     */
    @SuppressWarnings("unchecked")
    static List<CacheTrust.Target> pendingTargets(int limit) {
        List<Object[]> rows = getEntityManager().createNativeQuery(
                "SELECT kind, target FROM cache_outbox ORDER BY created_at LIMIT ?1")
                .setParameter(1, limit).getResultList();
        return rows.stream().map(r -> new CacheTrust.Target((String) r[0], (UUID) r[1])).toList();
    }

    static void deleteAll(Collection<CacheOutbox> rows) {
        if (!rows.isEmpty()) {
            delete("id in ?1", rows.stream().map(r -> r.id).toList());
        }
    }

    @Override
    public String toString() {
        return "CacheOutbox[" + kind + " " + target + "]";
    }
}
