package io.cinema.auth.support;

import java.util.List;
import java.util.Map;

import io.cinema.auth.account.AccountConfig;
import io.cinema.auth.client.ClientConfig;
import io.cinema.auth.email.EmailConfig;
import io.cinema.auth.social.SocialConfig;
import io.cinema.auth.token.TokenConfig;
import io.cinema.auth.totp.TotpConfig;
import io.cinema.auth.web.WebConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The service's real {@code @ConfigMapping}s outside Quarkus: their defaults plus the given properties. Every mapping
 * is registered, so a property no mapping knows fails here as it would at start.
 */
public final class TestConfigs {

    private static final List<Class<?>> MAPPINGS = List.of(ServiceConfig.class, RateLimitConfig.class,
            TokenConfig.class, AccountConfig.class, EmailConfig.class, TotpConfig.class, SocialConfig.class,
            WebConfig.class, ClientConfig.class);

    private TestConfigs() {
    }

    public static <T> T mapping(Class<T> type, Map<String, String> properties) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "test", 500));
        MAPPINGS.forEach(builder::withMapping);
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(type);
    }
}
