package io.cinema.auth.social;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.support.ServiceConfig;
import io.cinema.auth.support.TestConfigs;

/** Provider issuers and endpoints carry codes and tokens: https, or plain http only when a provider says so. */
class SocialProvidersTest {

    private static Map<String, String> oidc(String issuer) {
        Map<String, String> c = new HashMap<>();
        c.put("auth.social.acme.kind", "oidc");
        c.put("auth.social.acme.enabled", "true");
        c.put("auth.social.acme.client-id", "cinema");
        c.put("auth.social.acme.issuer", issuer);
        return c;
    }

    private static Map<String, String> oauth2(String authorization, String token, String userinfo) {
        Map<String, String> c = new HashMap<>();
        c.put("auth.social.acme.kind", "oauth2");
        c.put("auth.social.acme.enabled", "true");
        c.put("auth.social.acme.client-id", "cinema");
        c.put("auth.social.acme.authorization-endpoint", authorization);
        c.put("auth.social.acme.token-endpoint", token);
        c.put("auth.social.acme.userinfo-endpoint", userinfo);
        return c;
    }

    private static SocialProviders load(Map<String, String> properties) {
        return new SocialProviders(TestConfigs.mapping(SocialConfig.class, properties),
                TestConfigs.mapping(ServiceConfig.class, properties));
    }

    @Test
    void kindsAreReadInLowerOrUpperCaseAndAnUnknownOneStopsTheStartNamingTheKey() {
        Map<String, String> c = oauth2("https://idp.example/a", "https://idp.example/t", "https://idp.example/u");
        c.put("auth.social.acme.kind", "OAUTH2");
        c.put("auth.social.acme.userinfo-auth", "query");
        SocialProviders.Provider p = load(c).all().get(0);
        assertEquals(SocialConfig.Kind.OAUTH2, p.kind());
        assertEquals(SocialConfig.UserinfoAuth.QUERY, p.userinfoAuth());
        for (String key : new String[] {"kind", "userinfo-auth"}) {
            Map<String, String> bad = new HashMap<>(c);
            bad.put("auth.social.acme." + key, "saml");
            RuntimeException e = assertThrows(RuntimeException.class, () -> load(bad));
            assertTrue(String.valueOf(e.getMessage()).contains("auth.social.acme." + key), e.getMessage());
        }
    }

    @Test
    void anHttpIssuerStopsTheStartNamingTheKey() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(oidc("http://idp.example")));
        assertTrue(e.getMessage().startsWith("auth.social.acme.issuer must be an https URL"), e.getMessage());
        assertTrue(e.getMessage().contains("auth.social.acme.allow-insecure-http=true"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"authorization-endpoint", "token-endpoint", "userinfo-endpoint"})
    void anHttpEndpointOfAnOAuth2ProviderStopsTheStartNamingTheKey(String key) {
        Map<String, String> c = oauth2("https://idp.example/authorize", "https://idp.example/token",
                "https://idp.example/me");
        c.put("auth.social.acme." + key, "http://idp.example/" + key);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(c));
        assertTrue(e.getMessage().startsWith("auth.social.acme." + key + " must be an https URL"), e.getMessage());
    }

    @Test
    void anHttpEndpointOverridingAnOidcProvidersDiscoveryIsRefusedToo() {
        Map<String, String> c = oidc("https://idp.example");
        c.put("auth.social.acme.token-endpoint", "http://idp.example/token");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> load(c));
        assertTrue(e.getMessage().startsWith("auth.social.acme.token-endpoint must be an https URL"), e.getMessage());
    }

    @Test
    void allowInsecureHttpAdmitsAPlainHttpTestProvider() {
        Map<String, String> c = oidc("http://127.0.0.1:8090/mock");
        c.put("auth.social.acme.allow-insecure-http", "true");
        SocialProviders.Provider p = load(c).get("acme");
        assertEquals("http://127.0.0.1:8090/mock", p.issuer().get());
        assertTrue(p.allowInsecureHttp());
        assertTrue(p.acceptsEndpoint("http://127.0.0.1:8090/mock/token"));
    }

    @Test
    void aDisabledProviderIsNotChecked() {
        Map<String, String> c = oidc("http://idp.example");
        c.put("auth.social.acme.enabled", "false");
        assertTrue(load(c).all().isEmpty());
    }

    @Test
    void httpsProvidersLoadAndAcceptOnlyHttpsEndpointsFromDiscovery() {
        SocialProviders.Provider p = load(oidc("https://idp.example")).get("acme");
        assertFalse(p.allowInsecureHttp());
        assertTrue(p.acceptsEndpoint("https://idp.example/jwks"));
        assertFalse(p.acceptsEndpoint("http://idp.example/jwks"));
        assertFalse(p.acceptsEndpoint("/relative/jwks"));
        assertFalse(p.acceptsEndpoint(null));
        assertEquals(1, load(oauth2("https://idp.example/authorize", "https://idp.example/token",
                "https://idp.example/me")).all().size());
    }
}
