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
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

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

    /**
     * Accounts whose username or email contains {@code text} (case-insensitive, taken literally: {@code %} and
     * {@code _} match themselves), in {@code order}; every account when text is null.
     */
    public static PanacheQuery<User> search(String text, Sort order) {
        if (text == null) {
            return findAll(order);
        }
        String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        return find("lower(username) like ?1 escape '\\' or lower(email) like ?1 escape '\\'", order, pattern);
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
