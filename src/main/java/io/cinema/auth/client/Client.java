package io.cinema.auth.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.cinema.auth.support.ApiException;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;

/**
 * A service client: a sibling service that gets its own access tokens by client credentials, or a public device
 * client (a TV) that has no secret. Secrets are stored only as keyed hashes ({@link ClientSecrets}); a deleted client
 * keeps its row with {@code deletedAt} set and nothing granted, so its id is never reused.
 */
@Entity
@Table(name = "clients")
public class Client extends PanacheEntityBase {

    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String DEVICE_CODE = "device_code";

    @Id
    public UUID id;

    @Column(name = "client_id", nullable = false, updatable = false)
    public String clientId;

    @Column(nullable = false, length = 100)
    public String name;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> scopes = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, columnDefinition = "text[]")
    public List<String> roles = new ArrayList<>();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "grant_types", nullable = false, columnDefinition = "text[]")
    public List<String> grantTypes = new ArrayList<>();

    @Column(nullable = false)
    public boolean active = true;

    /** HMAC-SHA-256 of the current secret; null for a public client and a deleted one. */
    @Column(name = "secret_hash")
    public byte[] secretHash;

    /** The replaced secret's hash, accepted until {@link #previousSecretExpiresAt}. */
    @Column(name = "previous_secret_hash")
    public byte[] previousSecretHash;

    @Column(name = "previous_secret_expires_at")
    public Instant previousSecretExpiresAt;

    /** Grows with every change of cached state, so a late cache fill never overwrites a newer state. */
    @Column(name = "state_version", nullable = false)
    public long stateVersion = 1;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    public boolean isPublic() {
        return grantTypes.contains(DEVICE_CODE);
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    /** Whether its tokens count and it may get new ones. */
    public boolean isLive() {
        return active && deletedAt == null;
    }

    /** The client of this OAuth client id, deleted ones included (their state is "gone"), or null. */
    public static Client findByClientId(String clientId) {
        return find("clientId", clientId).firstResult();
    }

    /** The client of this row id, locked for the caller's transaction; 404 NOT_FOUND when none or deleted. */
    public static Client findExistingForUpdate(UUID id) {
        Client c = findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (c == null || c.isDeleted()) {
            throw ApiException.notFound("Client");
        }
        return c;
    }

    /** The client of this row id; 404 NOT_FOUND when none or deleted. */
    public static Client findExisting(UUID id) {
        Client c = findById(id);
        if (c == null || c.isDeleted()) {
            throw ApiException.notFound("Client");
        }
        return c;
    }

    /** One page of the clients that are not deleted, oldest first. */
    public static List<Client> listPage(int page, int size) {
        return find("deletedAt is null", Sort.ascending("createdAt", "id"))
                .page(io.quarkus.panache.common.Page.of(page - 1, size)).list();
    }

    public static long countLive() {
        return count("deletedAt is null");
    }

    /** Every scope some live client may ask for, sorted. */
    @SuppressWarnings("unchecked")
    public static List<String> liveScopes() {
        return getEntityManager().createNativeQuery("SELECT DISTINCT s FROM clients, unnest(scopes) AS s"
                + " WHERE deleted_at IS NULL AND active ORDER BY s", String.class).getResultList();
    }

    /** The live clients that hold the role {@code name}, locked for the caller's transaction. */
    @SuppressWarnings("unchecked")
    public static List<Client> holdingForUpdate(String role) {
        return getEntityManager().createNativeQuery("SELECT * FROM clients WHERE ?1 = ANY(roles)"
                + " AND deleted_at IS NULL ORDER BY id FOR UPDATE", Client.class).setParameter(1, role).getResultList();
    }

    @Override
    public String toString() {
        return "Client[" + id + ", " + clientId + "]";
    }
}
