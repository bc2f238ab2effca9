package io.cinema.auth.token;

import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.HashUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;

/**
 * Every way we know to forge, bend or misuse a bearer token, tried on an endpoint of this service (GET /api/v1/account)
 * and on the siblings' permission check (GET /api/v1/authz/check); plus proof that a MicroProfile-JWT sibling accepts
 * our genuine tokens from the JWKS and nothing else.
 */
@QuarkusTest
class TokenSecurityTest {

    @TestHTTPResource("/.well-known/jwks.json")
    URL jwksUrl;

    /** A signed-up user and claims of its live session, ready to be signed or bent. */
    private record Victim(TestUser user, UUID userId, UUID sessionId) {
        JwtClaims claims() {
            return Tokens.claims(userId, sessionId, user.username(), List.of("user"));
        }
    }

    private static Victim victim() {
        TestUser u = signup();
        JwtClaims issued = Tokens.unverifiedClaims(u.accessToken());
        return new Victim(u, UUID.fromString(u.id()), UUID.fromString((String) issued.getClaimValue("sid")));
    }

    private static ValidatableResponse account(String authorization) {
        var spec = json();
        if (authorization != null) {
            spec = spec.header("Authorization", authorization);
        }
        return spec.get("/api/v1/account").then();
    }

    private static ValidatableResponse check(String authorization) {
        var spec = json().queryParam("role", "user");
        if (authorization != null) {
            spec = spec.header("Authorization", authorization);
        }
        return spec.get("/api/v1/authz/check").then();
    }

    /** The token is refused with {@code code} by the account endpoint and by the permission check alike. */
    private static void refusedEverywhere(String token, String code) {
        for (ValidatableResponse r : List.of(account("Bearer " + token), check("Bearer " + token))) {
            r.statusCode(401)
                    .contentType("application/problem+json")
                    .body("code", equalTo(code))
                    .body("status", equalTo(401))
                    .body(not(containsString("Exception")));
        }
    }

    @Test
    void aTokenSignedWithTheServiceKeyAndPublishedKidWorks() {
        Victim v = victim();
        String token = Tokens.sign(v.claims(), Tokens.publishedKid());
        account("Bearer " + token).statusCode(200).body("username", equalTo(v.user().username()));
        check("Bearer " + token).statusCode(200)
                .body("allowed", equalTo(true))
                .body("user_id", equalTo(v.user().id()))
                .body("roles", hasItem("user"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void anUnsignedAlgNoneTokenIsInvalid(String alg) {
        Victim v = victim();
        String token = Tokens.unsigned(v.claims(), Tokens.publishedKid(), alg);
        refusedEverywhere(token, "TOKEN_INVALID");
        // the same with a bogus signature part attached
        refusedEverywhere(token + "AAAA", "TOKEN_INVALID");
    }

    @Test
    void hs256KeyedWithOurPublicKeyPemIsInvalid() {
        Victim v = victim();
        PublicKey pub = Tokens.publicOf(Tokens.signingKey());
        HmacKey pemKey = new HmacKey(Tokens.publicKeyPem(pub).getBytes(StandardCharsets.US_ASCII));
        refusedEverywhere(Tokens.sign(v.claims(), pemKey, "HS256", Tokens.publishedKid(), h -> {
        }), "TOKEN_INVALID");
        refusedEverywhere(Tokens.sign(v.claims(), pemKey, "HS256", null, h -> {
        }), "TOKEN_INVALID");
    }

    @Test
    void hs256KeyedWithOurPublicKeyDerBytesIsInvalid() {
        Victim v = victim();
        PublicKey pub = Tokens.publicOf(Tokens.signingKey());
        HmacKey derKey = new HmacKey(pub.getEncoded());
        refusedEverywhere(Tokens.sign(v.claims(), derKey, "HS256", Tokens.publishedKid(), h -> {
        }), "TOKEN_INVALID");
        refusedEverywhere(Tokens.sign(v.claims(), derKey, "HS512", Tokens.publishedKid(), h -> {
        }), "TOKEN_INVALID");
    }

    @Test
    void aWrongIssuerIsInvalid() {
        Victim v = victim();
        JwtClaims c = v.claims();
        c.setIssuer("https://evil.example");
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
    }

    @Test
    void aWrongAudienceIsInvalid() {
        Victim v = victim();
        JwtClaims c = v.claims();
        c.setAudience("another-cinema");
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
        c.setAudience(List.of());
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
    }

    @Test
    void aMissingSubjectIsInvalid() {
        Victim v = victim();
        JwtClaims c = v.claims();
        c.unsetClaim("sub");
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
    }

    @Test
    void aMissingOrMalformedSessionIdIsInvalid() {
        Victim v = victim();
        JwtClaims c = v.claims();
        c.unsetClaim("sid");
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
        c.setClaim("sid", "not-a-uuid");
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
        c.setClaim("sid", 42);
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
    }

    @Test
    void aSubjectThatIsNotTheSessionsUserIsInvalid() {
        Victim v = victim();
        Victim other = victim();
        JwtClaims c = v.claims();
        c.setSubject(other.userId().toString());
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_INVALID");
    }

    @Test
    void aFlippedSignatureCharacterIsInvalid() {
        Victim v = victim();
        String good = Tokens.sign(v.claims(), Tokens.publishedKid());
        account("Bearer " + good).statusCode(200);
        refusedEverywhere(Tokens.flipLastChar(good), "TOKEN_INVALID");
        refusedEverywhere(Tokens.flipLastChar(v.user().accessToken()), "TOKEN_INVALID");
    }

    @Test
    void aKidNamingNoKeyIsInvalid() {
        Victim v = victim();
        refusedEverywhere(Tokens.sign(v.claims(), "no-such-key"), "TOKEN_INVALID");
        refusedEverywhere(Tokens.sign(v.claims(), "../../etc/passwd"), "TOKEN_INVALID");
        refusedEverywhere(Tokens.sign(v.claims(), null), "TOKEN_INVALID");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jku", "x5u", "jwk"})
    void aHeaderPointingAtAnAttackerKeyIsNeverFollowed(String header) throws Exception {
        Victim v = victim();
        KeyPair attacker = Tokens.attackerKeyPair();
        PublicJsonWebKey attackerJwk = PublicJsonWebKey.Factory.newPublicJwk(attacker.getPublic());
        String attackerKid = attackerJwk.calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        attackerJwk.setKeyId(attackerKid);
        for (String kid : List.of(Tokens.publishedKid(), attackerKid)) {
            String token = Tokens.sign(v.claims(), attacker.getPrivate(), "RS256", kid, jws -> {
                switch (header) {
                    case "jku" -> jws.setHeader("jku", jwksUrl.toString().replace("jwks.json", "attacker.json"));
                    case "x5u" -> jws.setHeader("x5u", "https://evil.example/cert.pem");
                    default -> jws.setJwkHeader(attackerJwk);
                }
            });
            refusedEverywhere(token, "TOKEN_INVALID");
        }
    }

    @Test
    void aTokenOfAnotherKeyTypeWithOurKidIsInvalid() throws Exception {
        Victim v = victim();
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        refusedEverywhere(Tokens.sign(v.claims(), ec.getPrivate(), "ES256", Tokens.publishedKid(), h -> {
        }), "TOKEN_INVALID");
    }

    @Test
    void aWellSignedExpiredTokenIsExpired() {
        Victim v = victim();
        JwtClaims c = v.claims();
        Tokens.expire(c, 10);
        refusedEverywhere(Tokens.sign(c, Tokens.publishedKid()), "TOKEN_EXPIRED");
    }

    @Test
    void anExpiredTokenWithABadSignatureIsInvalidNotExpired() {
        Victim v = victim();
        JwtClaims c = v.claims();
        Tokens.expire(c, 10);
        refusedEverywhere(Tokens.flipLastChar(Tokens.sign(c, Tokens.publishedKid())), "TOKEN_INVALID");
    }

    @Test
    void aTokenOfTheOldUnconfiguredKeyIsInvalid() throws Exception {
        Victim v = victim();
        PublicKey oldPub = Tokens.publicOf(Tokens.oldSigningKey());
        String oldKid = PublicJsonWebKey.Factory.newPublicJwk(oldPub).calculateBase64urlEncodedThumbprint(HashUtil.SHA_256);
        refusedEverywhere(Tokens.sign(v.claims(), Tokens.oldSigningKey(), "RS256", oldKid, h -> {
        }), "TOKEN_INVALID");
        refusedEverywhere(Tokens.sign(v.claims(), Tokens.oldSigningKey(), "RS256", Tokens.publishedKid(), h -> {
        }), "TOKEN_INVALID");
    }

    @Test
    void aRefreshTokenIsNoBearerToken() {
        Victim v = victim();
        refusedEverywhere(v.user().refreshToken(), "TOKEN_INVALID");
    }

    @Test
    void aHundredKilobyteBearerIsInvalidAsProblemJson() {
        String huge = "A".repeat(100 * 1024);
        refusedEverywhere(huge, "TOKEN_INVALID");
        Victim v = victim();
        String padded = v.user().accessToken() + "A".repeat(100 * 1024);
        refusedEverywhere(padded, "TOKEN_INVALID");
    }

    @Test
    void garbageBearersAreInvalid() {
        for (String garbage : List.of("x", "a.b.c", "...", "eyJhbGciOiJSUzI1NiJ9.e30.", "Bearer", "\u00e9\u00e8",
                "e30.e30.e30")) {
            refusedEverywhere(garbage, "TOKEN_INVALID");
        }
    }

    @Test
    void noAuthorizationHeaderIsTokenMissingOnTheAccountAndAnonymousInTheCheck() {
        account(null).statusCode(401).contentType("application/problem+json").body("code", equalTo("TOKEN_MISSING"));
        check(null).statusCode(200).body("allowed", equalTo(false)).body("anonymous", equalTo(true));
    }

    @Test
    void aBasicAuthorizationHeaderIsTokenMissingOnTheAccountAndAnonymousInTheCheck() {
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
        account(basic).statusCode(401).contentType("application/problem+json").body("code", equalTo("TOKEN_MISSING"));
        account("Bearer ").statusCode(401).contentType("application/problem+json").body("code", equalTo("TOKEN_MISSING"));
        check(basic).statusCode(200).body("allowed", equalTo(false)).body("anonymous", equalTo(true));
    }

    // --- a sibling service that verifies with MicroProfile JWT (smallrye-jwt) against our JWKS ---

    private JWTAuthContextInfo siblingConfig() {
        JWTAuthContextInfo info = new JWTAuthContextInfo(jwksUrl.toString(), Tokens.ISSUER);
        info.setExpectedAudience(Set.of(Tokens.AUDIENCE));
        return info;
    }

    @Test
    void aMicroProfileJwtSiblingAcceptsOurAccessTokenWithNameAndGroups() throws Exception {
        TestUser u = signup();
        JsonWebToken jwt = new DefaultJWTParser(siblingConfig()).parse(u.accessToken());
        assertEquals(u.username(), jwt.getName());
        assertTrue(jwt.getGroups().contains("user"), "groups: " + jwt.getGroups());
        assertEquals(u.id(), jwt.getSubject());
        assertEquals(Tokens.ISSUER, jwt.getIssuer());
    }

    @Test
    void aMicroProfileJwtSiblingRefusesAForgedTokenAndARefreshToken() {
        Victim v = victim();
        DefaultJWTParser sibling = new DefaultJWTParser(siblingConfig());
        KeyPair attacker = Tokens.attackerKeyPair();
        String forged = Tokens.sign(v.claims(), attacker.getPrivate(), "RS256", Tokens.publishedKid(), h -> {
        });
        assertThrows(ParseException.class, () -> sibling.parse(forged));
        assertThrows(ParseException.class, () -> sibling.parse(v.user().refreshToken()));
        assertThrows(ParseException.class, () -> sibling.parse(Tokens.unsigned(v.claims(), Tokens.publishedKid(), "none")));
        assertThrows(ParseException.class, () -> sibling.parse(Tokens.flipLastChar(v.user().accessToken())));
    }
}
