package io.cinema.auth.support;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.MeterRegistry;

/** Security counters for Prometheus. */
@Singleton
public class Metrics {

    private final MeterRegistry registry;

    @Inject
    public Metrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void signup() {
        registry.counter("auth.signups").increment();
    }

    public void login(String result) {
        registry.counter("auth.logins", "result", result).increment();
    }

    public void refresh(String result) {
        registry.counter("auth.refreshes", "result", result).increment();
    }

    public void revoked(String reason, int count) {
        if (count > 0) {
            registry.counter("auth.sessions.revoked", "reason", reason).increment(count);
        }
    }
}
