package io.cinema.auth.totp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.cinema.auth.account.AccountEvents;

/** Records the security-change events the service fires, so tests can see that the mail feature would hear them. */
@Singleton
public class SecurityChangeLog {

    private final List<AccountEvents.SecurityChange> seen = new CopyOnWriteArrayList<>();

    void on(@Observes AccountEvents.SecurityChange e) {
        seen.add(e);
    }

    public List<String> of(String userId) {
        return seen.stream().filter(e -> e.userId().toString().equals(userId)).map(AccountEvents.SecurityChange::what)
                .toList();
    }
}
