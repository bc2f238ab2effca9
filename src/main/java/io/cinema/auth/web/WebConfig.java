package io.cinema.auth.web;

import java.util.List;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How requests reach the service ({@code auth.*}). */
@ConfigMapping(prefix = "auth")
public interface WebConfig {

    /** CIDRs of proxies whose X-Forwarded-For entries are believed. */
    @WithDefault("127.0.0.1/32,::1/128")
    List<String> trustedProxies();
}
