package io.cinema.auth.client;

import io.cinema.auth.support.RequestMeta;
import io.cinema.auth.token.TokenPairResponse;

/**
 * The device grant at the token endpoint (RFC 8628 §3.4), implemented by the device feature, which depends on this
 * one: the token endpoint identifies the public client, the device feature judges the device code.
 */
public interface DeviceCodeGrant {

    /**
     * The token pair of an approved device code for {@code client}, once; otherwise throws the §3.5 refusal
     * ({@code authorization_pending}, {@code slow_down}, {@code access_denied}, {@code expired_token}) or
     * {@code invalid_grant} as an {@link OAuthException}.
     */
    TokenPairResponse exchange(ClientTokens.DeviceClient client, String deviceCode, RequestMeta meta);
}
