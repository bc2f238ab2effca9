package io.cinema.auth.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import io.restassured.path.json.JsonPath;

/**
 * A thread-safe HTTP client for the load of the topology tests (rest-assured's static configuration is not), with
 * a timeout on every request: a request that hangs is an answer too ({@code status} 0), and a wrong one.
 */
public final class Http {

    public static final String PASSWORD = "correct horse battery staple";

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    /** One answer: its status, body, and the contract's {@code code} when it is problem+json. */
    public record Answer(int status, String body) {
        public String path(String path) {
            return JsonPath.from(body).getString(path);
        }

        public String code() {
            try {
                return body.isBlank() || !body.startsWith("{") ? null : JsonPath.from(body).getString("code");
            } catch (RuntimeException e) {
                return null;
            }
        }

        /** 503 SERVICE_UNAVAILABLE as problem+json: the one outage answer the contract allows. */
        public boolean isOutage() {
            return status == 503 && "SERVICE_UNAVAILABLE".equals(code());
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) : body);
        }
    }

    public static Answer post(int port, String path, Map<String, ?> json, String bearer) {
        return send(port, "POST", path, json, bearer);
    }

    public static Answer get(int port, String path, String bearer) {
        return send(port, "GET", path, null, bearer);
    }

    /** A random client address per request, so the per-IP limits of a load from one machine do not kick in. */
    static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(1, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(1, 250);
    }

    private static Answer send(int port, String method, String path, Map<String, ?> json, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15)).header("X-Forwarded-For", randomIp());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (json != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(toJson(json)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.body());
        } catch (IOException e) {
            return new Answer(0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, e.toString());
        }
    }

    private static String toJson(Map<String, ?> map) {
        return map.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + (e.getValue() instanceof Boolean ? e.getValue()
                        : "\"" + e.getValue().toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\""))
                .collect(Collectors.joining(",", "{", "}"));
    }
}
