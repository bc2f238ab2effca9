package io.cinema.auth.account.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.cinema.auth.account.AccountModels.AccountResponse;
import io.cinema.auth.account.service.AccountService;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.RateLimiter;
import io.cinema.auth.token.Authenticator;
import io.cinema.auth.token.BearerAuthenticationMechanism;
import io.cinema.auth.web.RouteAnswers;
import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /api/v1/account answered straight from the router ({@link RouteAnswers}): every client of the cinema reads it
 * on each screen, and with the profile cached beside the user's state the answer needs nothing but the bearer check
 * (one Redis read), so Quarkus's security chain and Quarkus REST were most of its cost. It does what
 * {@link AccountResource#get} does with the same parts, in the same order: the bearer token as the authentication
 * mechanism reads it (all Authorization values joined, so two make one invalid token), the caller as
 * {@link Authenticator#authenticateCallerAsync} finds it, the per-user API rate limit, then the account from the cached
 * profile or, without one, from PostgreSQL on a worker. A request it does not take (another method, an {@code Accept}
 * that may not want JSON, a trailing slash) goes on to the resource unchanged.
 */
@ApplicationScoped
public class AccountRoute {

    static final String PATH = "/api/v1/account";

    @Inject
    Authenticator authenticator;
    @Inject
    RateLimiter rateLimiter;
    /**
     * Looked up at the first request, not when the route is installed at start: the account service is a singleton
     * whose graph holds the password hasher, and building that computes the dummy hash and keeps its memory (19 MiB
     * with the default Argon2 parameters) before anyone has logged in.
     */
    @Inject
    Instance<AccountService> accountService;
    @Inject
    RouteAnswers answers;

    private Counter counter;
    private volatile AccountService accounts;

    void install(@Observes Router router) {
        counter = answers.counter("account");
        router.route(PATH).order(RouteAnswers.ORDER).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        if (!PATH.equals(rc.normalizedPath()) || !RouteAnswers.plainJsonGet(rc.request())) {
            rc.next();
            return;
        }
        counter.increment();
        answers.begin(rc);
        answers.answer(rc, account(rc), found -> answers.json(rc, found), failure -> answers.refuse(rc, failure, null));
    }

    private Uni<AccountResponse> account(RoutingContext rc) {
        String token = Authenticator.bearer(BearerAuthenticationMechanism.authorization(rc));
        if (token == null) {
            return Uni.createFrom().failure(ApiException.tokenMissing());
        }
        return authenticator.authenticateCallerAsync(token).flatMap(caller -> rateLimiter
                .checkApiCallAsync(caller.principal().userId().toString())
                .flatMap(counted -> accounts().getAsync(caller.principal(),
                        caller.user() == null ? null : caller.user().profile())));
    }

    private AccountService accounts() {
        AccountService a = accounts;
        if (a == null) {
            a = accountService.get();
            accounts = a;
        }
        return a;
    }
}
