package io.cinema.auth.account.service;

import java.time.Instant;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;
import io.cinema.auth.account.User;
import io.cinema.auth.support.RequestMeta;

/**
 * The one way an account comes to be (signup, a first social login, create-superuser): the row, then the
 * {@link AccountEvents.Registered} event in the same transaction, which the role feature answers with the {@code user}
 * role and the mail feature with a verification mail.
 */
@Singleton
public class Accounts {

    @Inject
    Event<Object> events;

    /** Creates and persists the account in the caller's transaction; {@code meta} is null from the command line. */
    public User register(String username, String email, boolean emailVerified, String passwordHash, RequestMeta meta,
            Instant now) {
        User u = User.newAccount(username, email, emailVerified, passwordHash, now);
        u.persistAndFlush();
        events.fire(new AccountEvents.Registered(u.id, u.email, u.emailVerified, meta));
        return u;
    }
}
