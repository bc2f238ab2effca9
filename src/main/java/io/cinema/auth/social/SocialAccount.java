package io.cinema.auth.social;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A provider account linked to a user. It is found by the pair (provider, subject) only, never by email: unique
 * (provider, social_id) and unique (user_id, provider).
 */
@Entity
@Table(name = "social_accounts")
public class SocialAccount extends PanacheEntityBase {

    /** Longest provider subject the table holds. */
    public static final int MAX_SOCIAL_ID = 255;

    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false)
    public UUID userId;

    @Column(nullable = false, length = 50)
    public String provider;

    @Column(name = "social_id", nullable = false, length = MAX_SOCIAL_ID)
    public String socialId;

    /** The email the provider gave at the link, for the record; never used to find an account. */
    @Column(length = 254)
    public String email;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Links the provider account {@code subject} to the user, flushed at once so a race meets the unique indexes. */
    public static SocialAccount link(UUID userId, String provider, String subject, String email, Instant now) {
        SocialAccount link = new SocialAccount();
        link.id = UUID.randomUUID();
        link.userId = userId;
        link.provider = provider;
        link.socialId = subject;
        link.email = email;
        link.createdAt = now;
        link.persistAndFlush();
        return link;
    }

    public static SocialAccount findBySubject(String provider, String socialId) {
        return find("provider = ?1 and socialId = ?2", provider, socialId).firstResult();
    }

    public static SocialAccount findByUserAndProvider(UUID userId, String provider) {
        return find("userId = ?1 and provider = ?2", userId, provider).firstResult();
    }

    /** How many providers besides {@code provider} the user has linked. */
    public static long countOthers(UUID userId, String provider) {
        return count("userId = ?1 and provider <> ?2", userId, provider);
    }

    /** Unlinks every provider of the user; returns how many. */
    public static long deleteAllOf(UUID userId) {
        return delete("userId", userId);
    }

    public static List<SocialAccount> findByUser(UUID userId) {
        return list("userId", io.quarkus.panache.common.Sort.ascending("provider"), userId);
    }

    @Override
    public String toString() {
        return "SocialAccount[" + provider + ", user " + userId + "]";
    }
}
