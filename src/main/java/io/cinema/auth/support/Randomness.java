package io.cinema.auth.support;

import java.security.SecureRandom;
import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/** Time and randomness as beans, so tests can replace them. */
@ApplicationScoped
public class Randomness {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    @DefaultBean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }
}
