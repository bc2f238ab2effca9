package io.cinema.auth.device;

import static io.cinema.auth.support.Api.bearer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cinema.auth.support.Api;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** A TV and the viewer's phone in tests, through the HTTP contract only. */
final class Tv {

    static final String USER_AGENT = "CinemaTV/2.1 (SmartTV; Linux; Tizen 6.5) AppleWebKit/537.36";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

    /** A device client as its creation answered. */
    record Client(String id, String clientId, String name) {
    }

    /** A device authorization the TV got: its device code, the user code as shown, and the TV's address. */
    record Request(String deviceCode, String userCode, String ip) {
    }

    private Tv() {
    }

    static Client client(String superuserToken, List<String> roles, List<String> scopes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", Api.uniqueName("Living room TV"));
        body.put("scopes", scopes);
        body.put("roles", roles);
        body.put("grant_types", List.of("device_code"));
        Response r = bearer(superuserToken).body(body).post("/api/v1/clients");
        r.then().statusCode(201);
        return new Client(r.path("id"), r.path("client_id"), r.path("name"));
    }

    /** A form POST from the TV at {@code ip}, with the TV's user agent. */
    static RequestSpecification form(String ip) {
        return RestAssured.given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Forwarded-For", ip).header("User-Agent", USER_AGENT);
    }

    static Response authorize(String ip, String clientId) {
        return form(ip).formParam("client_id", clientId).post("/oauth2/device_authorization");
    }

    /** A new request of the TV client from a fresh address. */
    static Request start(Client c) {
        String ip = Api.randomIp();
        Response r = authorize(ip, c.clientId());
        r.then().statusCode(200);
        return new Request(r.path("device_code"), r.path("user_code"), ip);
    }

    static Response poll(Client c, Request req) {
        return poll(c.clientId(), req.deviceCode(), req.ip());
    }

    static Response poll(String clientId, String deviceCode, String ip) {
        return form(ip).formParam("grant_type", DEVICE_GRANT).formParam("device_code", deviceCode)
                .formParam("client_id", clientId).post("/oauth2/token");
    }

    /** The phone's lookup, from {@code ip}. */
    static Response lookup(String token, String userCode, String ip) {
        return phone(token, ip).queryParam("user_code", userCode).get("/api/v1/device");
    }

    static Response lookup(String token, String userCode) {
        return lookup(token, userCode, Api.randomIp());
    }

    static Response approve(String token, String userCode) {
        return decide(token, userCode, null, Api.randomIp());
    }

    static Response deny(String token, String userCode) {
        return decide(token, userCode, true, Api.randomIp());
    }

    static Response decide(String token, String userCode, Boolean deny, String ip) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_code", userCode);
        if (deny != null) {
            body.put("deny", deny);
        }
        return phone(token, ip).body(body).post("/api/v1/device/approve");
    }

    /** A bearer request from exactly one client address (Api.bearer picks a random one). */
    static RequestSpecification phone(String token, String ip) {
        return RestAssured.given().contentType(ContentType.JSON).header("X-Forwarded-For", ip)
                .header("Authorization", "Bearer " + token);
    }
}
