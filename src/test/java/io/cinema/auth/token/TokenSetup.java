package io.cinema.auth.token;

import java.time.Clock;
import java.util.Map;

import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.support.TestConfigs;

/** The service's token code built outside CDI, from the real config mappings and the given properties. */
final class TokenSetup {

    private TokenSetup() {
    }

    static SigningKeys signingKeys(Map<String, String> properties) {
        return new SigningKeys(TestConfigs.mapping(TokenConfig.class, properties),
                TestConfigs.mapping(ServiceConfig.class, properties));
    }

    static AccessTokens accessTokens(Map<String, String> properties, SigningKeys keys, Clock clock) {
        return new AccessTokens(TestConfigs.mapping(TokenConfig.class, properties),
                TestConfigs.mapping(ServiceConfig.class, properties), keys, clock);
    }
}
