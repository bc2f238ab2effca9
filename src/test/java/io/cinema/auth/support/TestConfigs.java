package io.cinema.auth.support;

import java.util.Map;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The real {@link AuthConfig} mapping, outside Quarkus: its defaults plus the given {@code auth.*} properties. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static AuthConfig auth(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(AuthConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(AuthConfig.class);
    }
}
