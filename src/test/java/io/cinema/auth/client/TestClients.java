package io.cinema.auth.client;

import static io.cinema.auth.support.Api.bearer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cinema.auth.support.Api;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Service clients for tests, made and used only through the HTTP contract. */
final class TestClients {

    /** A client as its creation answered: the only time its secret is seen. */
    record Made(String id, String clientId, String secret) {
    }

    private TestClients() {
    }

    static Made create(String superuserToken, List<String> scopes, List<String> roles, String grant) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", Api.uniqueName("svc"));
        body.put("scopes", scopes);
        body.put("roles", roles);
        if (grant != null) {
            body.put("grant_types", List.of(grant));
        }
        Response r = bearer(superuserToken).body(body).post("/api/v1/clients");
        r.then().statusCode(201);
        return new Made(r.path("id"), r.path("client_id"), r.path("client_secret"));
    }

    static Made create(String superuserToken, List<String> scopes) {
        return create(superuserToken, scopes, List.of(), null);
    }

    /** RFC 6749 §2.3.1: id and secret form-urlencoded, then Basic. */
    static String basic(String clientId, String secret) {
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** A form POST to the token endpoint from {@code ip}. */
    static RequestSpecification form(String ip) {
        return RestAssured.given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Forwarded-For", ip);
    }

    static Response clientCredentials(String ip, Made c) {
        return form(ip).header("Authorization", basic(c.clientId(), c.secret()))
                .formParam("grant_type", "client_credentials").post("/oauth2/token");
    }

    static String token(Made c) {
        Response r = clientCredentials(Api.randomIp(), c);
        r.then().statusCode(200);
        return r.path("access_token");
    }
}
