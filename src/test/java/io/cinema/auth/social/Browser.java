package io.cinema.auth.social;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.cinema.auth.support.Api;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * One user's browser in the tests: its own client address and its own binding cookie, the way a real browser keeps
 * the cookie that authorize set and sends it to the callback. The provider's login page is the mock server's real one.
 */
final class Browser {

    static final String COOKIE = "__Host-social_binding";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** What the provider sent the browser back with. */
    record Redirect(String location, Map<String, String> query) {
        String code() {
            return query.get("code");
        }

        String state() {
            return query.get("state");
        }
    }

    final String ip = Api.randomIp();
    String binding;

    RequestSpecification request() {
        RequestSpecification r = given().header("X-Forwarded-For", ip).redirects().follow(false);
        return binding == null ? r : r.cookie(COOKIE, binding);
    }

    /** Starts a flow the way a single-page app does (Accept: application/json); a bearer makes it a linking flow. */
    String authorize(String provider, String bearer) {
        RequestSpecification r = request().accept("application/json");
        if (bearer != null) {
            r = r.header("Authorization", "Bearer " + bearer);
        }
        Response resp = r.get("/api/v1/social/" + provider + "/authorize");
        resp.then().statusCode(200);
        keepCookie(resp);
        return resp.path("provider_url");
    }

    void keepCookie(Response resp) {
        String value = resp.getCookie(COOKIE);
        if (value != null) {
            binding = value;
        }
    }

    /** Logs in at the provider's login page with a subject and extra claims (JSON) and reads where it redirects. */
    static Redirect loginAtProvider(String providerUrl, String subject, String claimsJson) {
        String form = "username=" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&claims="
                + URLEncoder.encode(claimsJson, StandardCharsets.UTF_8);
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(providerUrl))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 302) {
                throw new AssertionError("provider login answered " + r.statusCode() + ": " + r.body());
            }
            String location = r.headers().firstValue("Location").orElseThrow();
            return new Redirect(location, query(location));
        } catch (IOException e) {
            throw new AssertionError("provider login failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response callback(String provider, String code, String state) {
        RequestSpecification r = request();
        if (code != null) {
            r = r.queryParam("code", code);
        }
        if (state != null) {
            r = r.queryParam("state", state);
        }
        return r.get("/api/v1/social/" + provider + "/callback");
    }

    Response callback(String provider, Redirect redirect) {
        return callback(provider, redirect.code(), redirect.state());
    }

    /** The whole flow in this browser: authorize, provider login, callback. */
    Response login(String provider, String subject, String claimsJson, String bearer) {
        String url = authorize(provider, bearer);
        return callback(provider, loginAtProvider(url, subject, claimsJson));
    }

    Response login(String provider, String subject, String claimsJson) {
        return login(provider, subject, claimsJson, null);
    }

    static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
