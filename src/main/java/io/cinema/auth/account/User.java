package io.cinema.auth.account;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An account. Usernames and emails are unique without regard to case (functional unique indexes). */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, length = 50)
    public String username;

    /** Null for an account a provider made without one. */
    @Column(length = 254)
    public String email;

    /** An address the owner asked for and has not proven yet; reserves nothing, gets no reset mail. */
    @Column(name = "pending_email", length = 254)
    public String pendingEmail;

    @Column(name = "email_verified", nullable = false)
    public boolean emailVerified;

    /** Argon2id PHC string; null for an account that only logs in through a provider. */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(nullable = false)
    public boolean active = true;

    /** Bumped by every change of roles or of the active flag, so caches keep only the newest state. */
    @Column(name = "state_version", nullable = false)
    public long stateVersion = 1;

    /** TOTP secret, encrypted at rest. */
    @Column(name = "totp_secret")
    public String totpSecret;

    /** TOTP secret of an enrolment not yet confirmed, encrypted at rest. */
    @Column(name = "totp_pending")
    public String totpPending;

    @Column(name = "totp_enabled", nullable = false)
    public boolean totpEnabled;

    /** The last accepted TOTP time step: a code of this step or an older one is refused. */
    @Column(name = "totp_last_step")
    public Long totpLastStep;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** A new, not yet persisted account with a fresh id. */
    public static User newAccount(String username, String email, boolean emailVerified, String passwordHash, Instant now) {
        User u = new User();
        u.id = UUID.randomUUID();
        u.username = username;
        u.email = email;
        u.emailVerified = emailVerified;
        u.passwordHash = passwordHash;
        u.createdAt = now;
        u.updatedAt = now;
        return u;
    }

    public static User findByLogin(String login) {
        String l = Identifiers.asciiLower(login);
        return find("lower(username) = ?1 or lower(email) = ?1", l).firstResult();
    }

    public static User findByUsername(String username) {
        return find("lower(username) = ?1", username.toLowerCase(Locale.ROOT)).firstResult();
    }

    public static User findByEmail(String email) {
        return find("lower(email) = ?1", Identifiers.asciiLower(email)).firstResult();
    }

    /** One page of a search: the accounts' ids in the page's order, and how many accounts match in all. */
    public record Found(List<UUID> ids, long total) {
    }

    /** One page of a search (?1 the LIKE pattern, ?2 the size, ?3 the offset). */
    public static final String SEARCH_SQL = """
            SELECT id FROM (SELECT id, created_at FROM users
                            WHERE lower(username) LIKE ?1 OR lower(email) LIKE ?1 OFFSET 0) u
            ORDER BY created_at DESC, id LIMIT ?2 OFFSET ?3""";

    /** Queries shorter than this match from the start of the username or email; longer ones match anywhere. */
    public static final int SUBSTRING_MIN = 3;

    /**
     * One page of the accounts whose username or email contains {@code text} (case-insensitive, taken literally:
     * {@code %} and {@code _} match themselves), newest first (then by id); every account when text is null. A text
     * of one or two characters matches the start of the username or the email instead: trigram indexes cannot
     * answer a shorter substring without reading every account, and so few letters anywhere in a name match too much
     * to find anyone by. Both are answered from the trigram indexes of V5; the count costs as many index entries as
     * accounts match.
     */
    public static Found search(String text, int page, int size) {
        var em = getEntityManager();
        int offset = (page - 1) * size;
        if (text == null) {
            List<UUID> ids = em.createQuery("select u.id from User u order by u.createdAt desc, u.id", UUID.class)
                    .setFirstResult(offset).setMaxResults(size).getResultList();
            return new Found(ids, count());
        }
        String literal = text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_");
        String pattern = text.codePointCount(0, text.length()) < SUBSTRING_MIN ? literal + "%" : "%" + literal + "%";
        // LIKE's default escape is the backslash. The inner query's OFFSET 0 keeps the planner from walking
        // users_created_idx and filtering every account: a plan cached for any parameter (as the driver's prepared
        // statements get) would otherwise read the whole table for a rare name.
        @SuppressWarnings("unchecked")
        List<UUID> ids = em.createNativeQuery(SEARCH_SQL, UUID.class)
                .setParameter(1, pattern).setParameter(2, size).setParameter(3, offset).getResultList();
        long total = ((Number) em.createNativeQuery(
                "SELECT count(*) FROM users WHERE lower(username) LIKE ?1 OR lower(email) LIKE ?1")
                .setParameter(1, pattern).getSingleResult()).longValue();
        return new Found(ids, total);
    }

    /** Marks a change of these accounts that authorization caches must see (their role set changed). */
    public static void bumpStates(List<UUID> ids) {
        if (!ids.isEmpty()) {
            update("stateVersion = stateVersion + 1 where id in ?1", ids);
        }
    }

    public static User findForUpdate(UUID id) {
        return findById(id, LockModeType.PESSIMISTIC_WRITE);
    }

    public boolean hasPassword() {
        return passwordHash != null;
    }

    /** Marks a change that authorization caches must see. */
    public void bumpState() {
        stateVersion++;
    }

    @Override
    public String toString() {
        return "User[" + id + ", " + username + "]";
    }
}
