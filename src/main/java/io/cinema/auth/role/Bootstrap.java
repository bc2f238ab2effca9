package io.cinema.auth.role;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.Identifiers;
import io.cinema.auth.account.LoginHistory;
import io.cinema.auth.account.User;
import io.cinema.auth.account.service.Accounts;
import io.cinema.auth.account.service.PasswordHasher;
import io.cinema.auth.account.service.PasswordPolicy;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** The operator's first steps: creating the superuser (the command line uses it). */
@Singleton
public class Bootstrap {

    /** What create-superuser did. */
    public enum Outcome {
        CREATED,
        /** The username is an active superuser's: nothing to do. */
        EXISTS,
        /** With --if-not-exists: the username is taken by a user without the superuser role. */
        TAKEN_BY_OTHER,
        /** With --if-not-exists: the username is a disabled superuser's. */
        DISABLED_SUPERUSER
    }

    @Inject
    Clock clock;
    @Inject
    PasswordHasher hasher;
    @Inject
    Accounts accounts;
    @Inject
    RoleGrants grants;
    @Inject
    LoginHistory history;

    /**
     * Creates a user with the roles {@code user} and {@code superuser}; its email counts as verified. An existing
     * username is {@link Outcome#EXISTS} with {@code ifNotExists}, else USERNAME_TAKEN.
     */
    public Outcome createSuperuser(String rawUsername, String rawEmail, String password, boolean ifNotExists) {
        String username = Identifiers.username("username", rawUsername);
        String email = rawEmail == null ? null : Identifiers.email("email", rawEmail);
        Outcome existing = QuarkusTransaction.requiringNew().call(() -> {
            User u = User.findByUsername(username);
            if (u == null) {
                return null;
            }
            // a deploy Job runs this on every deploy: a name someone else registered first, or a superuser an
            // administrator disabled, must stop it loudly rather than pass as "the administrator exists"
            if (UserRole.find(u.id, Role.SUPERUSER_ID) == null) {
                return Outcome.TAKEN_BY_OTHER;
            }
            return u.active ? Outcome.EXISTS : Outcome.DISABLED_SUPERUSER;
        });
        if (existing != null) {
            if (ifNotExists) {
                return existing;
            }
            throw new ApiException(ErrorCode.USERNAME_TAKEN, "a user named " + username + " exists");
        }
        PasswordPolicy.check("password", password);
        String hash = hasher.hash(password);
        UUID id = QuarkusTransaction.requiringNew().call(() -> {
            if (User.findByUsername(username) != null) {
                throw new ApiException(ErrorCode.USERNAME_TAKEN, "a user named " + username + " exists");
            }
            if (email != null && User.findByEmail(email) != null) {
                throw new ApiException(ErrorCode.EMAIL_TAKEN, "the email " + email + " is taken");
            }
            Instant now = clock.instant();
            User u = accounts.register(username, email, email != null, hash, null, now);
            grants.grant(u.id, Role.SUPERUSER_ID);
            history.record(u.id, LoginHistory.Event.SIGNUP, true, null, "create-superuser");
            return u.id;
        });
        Log.infof("audit: actor=cli action=superuser.create target=user %s", id);
        return Outcome.CREATED;
    }
}
