package io.cinema.auth.web;

import static io.cinema.auth.support.Api.PASSWORD;
import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.randomIp;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.cinema.auth.support.RawJson;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Hostile bodies, ids, query values and headers against the endpoints that read input. Every refusal must be the
 * contract's status with an application/problem+json body carrying a {@code code} and no stack trace; nothing may be a
 * 500.
 */
@QuarkusTest
class HostileInputTest {

    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final HttpClient HTTP_2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern UUID_PATTERN = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    enum Auth { NONE, USER, ADMIN }

    /** The endpoints that take a JSON body, with their string fields. */
    enum Endpoint {
        SIGNUP("POST", "/api/v1/auth/signup", Auth.NONE, "username", "email", "password"),
        LOGIN("POST", "/api/v1/auth/login", Auth.NONE, "login", "password"),
        REFRESH("POST", "/api/v1/auth/refresh", Auth.NONE, "refresh_token"),
        MFA("POST", "/api/v1/auth/mfa", Auth.NONE, "mfa_token", "totp_code", "recovery_code"),
        UPDATE_ACCOUNT("PATCH", "/api/v1/account", Auth.USER, "username", "email", "current_password"),
        CHANGE_PASSWORD("PUT", "/api/v1/account/password", Auth.USER, "current_password", "new_password"),
        CREATE_ROLE("POST", "/api/v1/roles", Auth.ADMIN, "name", "description"),
        APPROVE_DEVICE("POST", "/api/v1/device/approve", Auth.USER, "user_code");

        final String method;
        final String path;
        final Auth auth;
        final List<String> fields;

        Endpoint(String method, String path, Auth auth, String... fields) {
            this.method = method;
            this.path = path;
            this.auth = auth;
            this.fields = List.of(fields);
        }

        /** A body of the right shape that would pass validation. */
        Map<String, Object> validBody() {
            String name = uniqueName("h");
            Map<String, Object> m = new LinkedHashMap<>();
            switch (this) {
                case SIGNUP -> {
                    m.put("username", name);
                    m.put("email", name + "@example.com");
                    m.put("password", PASSWORD);
                }
                case LOGIN -> {
                    m.put("login", name);
                    m.put("password", "not the password at all");
                }
                case REFRESH -> m.put("refresh_token", "A".repeat(43));
                case MFA -> {
                    m.put("mfa_token", "A".repeat(43));
                    m.put("recovery_code", "abcde-fghij");
                }
                case UPDATE_ACCOUNT -> {
                    m.put("username", name);
                    m.put("email", name + "@example.com");
                    m.put("current_password", PASSWORD);
                }
                case CHANGE_PASSWORD -> {
                    m.put("current_password", "not the password at all");
                    m.put("new_password", "another horse battery staple");
                }
                case CREATE_ROLE -> {
                    m.put("name", name);
                    m.put("description", "a role");
                }
                case APPROVE_DEVICE -> m.put("user_code", "BCDF-GHJK");
                default -> throw new IllegalStateException();
            }
            return m;
        }
    }

    @Inject
    Admins admins;

    private static TestUser sharedUser;
    private static TestUser sharedAdmin;

    /** The bearer token of the shared user or administrator (made at first use), or null. */
    private String token(Auth auth) {
        switch (auth) {
            case USER -> {
                if (sharedUser == null) {
                    sharedUser = signup();
                }
                return sharedUser.accessToken();
            }
            case ADMIN -> {
                if (sharedAdmin == null) {
                    sharedAdmin = admins.superuser();
                }
                return sharedAdmin.accessToken();
            }
            default -> {
                return null;
            }
        }
    }

    private RequestSpecification as(Auth auth) {
        RequestSpecification spec = given().header("X-Forwarded-For", randomIp());
        String token = token(auth);
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        return spec;
    }

    private Response send(Endpoint e, Object body) {
        RequestSpecification spec = as(e.auth).contentType("application/json");
        if (body instanceof byte[] bytes) {
            spec.body(bytes);
        } else if (body instanceof String s) {
            spec.body(s.getBytes(StandardCharsets.UTF_8));
        } else {
            spec.body(RawJson.write(body).getBytes(StandardCharsets.UTF_8));
        }
        return spec.request(e.method, e.path);
    }

    /** The contract's error shape: status, problem+json, a code, and nothing of our insides. */
    static Response problem(Response r, int status, String code) {
        r.then().statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("code", equalTo(code));
        assertNoInternals(r.asString());
        return r;
    }

    static void assertNoInternals(String body) {
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("at io."), body);
        assertFalse(body.contains("at org."), body);
        assertFalse(body.contains("<html"), body);
    }

    private static List<String> errorFields(Response r) {
        List<String> fields = r.path("errors.field");
        return fields == null ? List.of() : fields;
    }

    // --- bodies -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void malformedJsonIsValidationFailed(Endpoint e) {
        String field = e.fields.get(0);
        for (String body : List.of("{\"" + field + "\":", "{'" + field + "':'x'}", "{\"" + field + "\":\"x\",}", "nul",
                "{\"" + field + "\":\"x\"}}", "[", "{\"" + field + "\" \"x\"}", "\u00ff\u00fe{}")) {
            problem(send(e, body), 400, "VALIDATION_FAILED");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void invalidUtf8BytesAreValidationFailed(Endpoint e) {
        String field = e.fields.get(0);
        byte[] prefix = ("{\"" + field + "\":\"ab").getBytes(StandardCharsets.US_ASCII);
        for (byte[] bad : List.of(new byte[] {(byte) 0xff, (byte) 0xfe}, new byte[] {(byte) 0xc0, (byte) 0xae},
                new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, new byte[] {(byte) 0xe2, (byte) 0x82})) {
            byte[] suffix = "cd\"}".getBytes(StandardCharsets.US_ASCII);
            byte[] body = new byte[prefix.length + bad.length + suffix.length];
            System.arraycopy(prefix, 0, body, 0, prefix.length);
            System.arraycopy(bad, 0, body, prefix.length, bad.length);
            System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
            problem(send(e, body), 400, "VALIDATION_FAILED");
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void nulAndUnpairedSurrogatesInAnyStringAreValidationFailedNamingTheField(Endpoint e) {
        for (String field : e.fields) {
            for (String poison : List.of("ab\u0000cd", "\u0000", "ab\ud800cd", "\udc00")) {
                Map<String, Object> body = e.validBody();
                body.put(field, poison);
                Response r = problem(send(e, body), 400, "VALIDATION_FAILED");
                assertTrue(errorFields(r).contains(field), field + " not named in " + r.asString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aTenKilobyteValueInAnyStringIsValidationFailedNamingTheField(Endpoint e) {
        for (String field : e.fields) {
            Map<String, Object> body = e.validBody();
            body.put(field, "a".repeat(10 * 1024));
            if (e == Endpoint.REFRESH) {
                // a refresh token of any length or shape is a token to refuse (contract: Tokens)
                problem(send(e, body), 401, "TOKEN_INVALID");
                continue;
            }
            Response r = problem(send(e, body), 400, "VALIDATION_FAILED");
            assertTrue(errorFields(r).contains(field), field + " not named in " + r.asString());
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void duplicatedKeysAreValidationFailed(Endpoint e) {
        String field = e.fields.get(0);
        Response r = problem(send(e, "{\"" + field + "\":\"first\",\"" + field + "\":\"second\"}"), 400,
                "VALIDATION_FAILED");
        assertTrue(r.<String>path("detail").toLowerCase(Locale.ROOT).contains("duplicated"), r.asString());
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void jsonNestedAThousandDeepIsValidationFailed(Endpoint e) {
        String deepArray = "[".repeat(1000) + "]".repeat(1000);
        String deepObject = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        problem(send(e, deepArray), 400, "VALIDATION_FAILED");
        // inside an unknown field, which is otherwise tolerated and skipped
        problem(send(e, "{\"zzz\":" + deepArray + "}"), 400, "VALIDATION_FAILED");
        problem(send(e, "{\"zzz\":" + deepObject + "}"), 400, "VALIDATION_FAILED");
        problem(send(e, "{\"" + e.fields.get(0) + "\":" + deepObject + "}"), 400, "VALIDATION_FAILED");
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void wrongContentTypeIs415ProblemJson(Endpoint e) throws Exception {
        String body = "{\"" + e.fields.get(0) + "\":\"x\"}";
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "text/json", "application/jsonx")) {
            HttpResponse<String> r = http(e, type, body.getBytes(StandardCharsets.UTF_8));
            assertEquals(415, r.statusCode(), type + ": " + r.body());
            assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse(""), type);
            assertTrue(r.body().contains("\"code\":\"VALIDATION_FAILED\""), r.body());
            assertNoInternals(r.body());
        }
    }

    /** Sends exactly these bytes with exactly this content type (no client library rewrites either). */
    private HttpResponse<String> http(Endpoint e, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + e.path))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType)
                .header("X-Forwarded-For", randomIp())
                .method(e.method, HttpRequest.BodyPublishers.ofByteArray(body));
        String token = token(e.auth);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP_1_1.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void wrongJsonTypesAreValidationFailedNamingTheField(Endpoint e) {
        for (String field : e.fields) {
            for (Object wrong : List.of(42, 4.2, true, List.of("x"), Map.of("x", "y"))) {
                Map<String, Object> body = e.validBody();
                body.put(field, wrong);
                Response r = problem(send(e, body), 400, "VALIDATION_FAILED");
                assertTrue(errorFields(r).contains(field), field + "=" + wrong + " not named in " + r.asString());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void aBodyThatIsNotAnObjectIsValidationFailed(Endpoint e) {
        for (String body : List.of("[]", "\"text\"", "42", "true", "null", "")) {
            problem(send(e, body), 400, "VALIDATION_FAILED");
        }
    }

    @Test
    void missingFieldsAreNamedInErrors() {
        Response signup = problem(send(Endpoint.SIGNUP, "{}"), 400, "VALIDATION_FAILED");
        assertEquals(List.of("email", "password", "username"), errorFields(signup).stream().sorted().toList());
        Response login = problem(send(Endpoint.LOGIN, "{}"), 400, "VALIDATION_FAILED");
        assertEquals(List.of("login", "password"), errorFields(login).stream().sorted().toList());
        Response refresh = problem(send(Endpoint.REFRESH, "{}"), 400, "VALIDATION_FAILED");
        assertEquals(List.of("refresh_token"), errorFields(refresh));
        Response password = problem(send(Endpoint.CHANGE_PASSWORD, "{}"), 400, "VALIDATION_FAILED");
        assertTrue(errorFields(password).contains("new_password"), password.asString());
        Response role = problem(send(Endpoint.CREATE_ROLE, "{\"description\":\"d\"}"), 400, "VALIDATION_FAILED");
        assertEquals(List.of("name"), errorFields(role));
        Response account = problem(send(Endpoint.UPDATE_ACCOUNT, "{}"), 400, "VALIDATION_FAILED");
        assertFalse(errorFields(account).isEmpty(), account.asString());
        Response email = problem(send(Endpoint.UPDATE_ACCOUNT, Map.of("email", uniqueName("m") + "@example.com")), 400,
                "VALIDATION_FAILED");
        assertEquals(List.of("current_password"), errorFields(email));
    }

    @Test
    void unknownFieldsAreToleratedAndGrantNothing() {
        String name = uniqueName("extra");
        Map<String, Object> body = new LinkedHashMap<>(Map.of("username", name, "email", name + "@example.com",
                "password", PASSWORD));
        body.put("roles", List.of("superuser"));
        body.put("is_admin", true);
        body.put("email_verified", true);
        body.put("id", "00000000-0000-0000-0000-000000000001");
        Response r = json().body(body).post("/api/v1/auth/signup");
        r.then().statusCode(201);
        bearer(r.path("access_token")).get("/api/v1/account").then().statusCode(200)
                .body("roles", equalTo(List.of("user")))
                .body("email_verified", equalTo(false))
                .body("id", not(equalTo("00000000-0000-0000-0000-000000000001")));
        json().body(Map.of("login", name, "password", PASSWORD, "remember_me", true, "scope", "admin"))
                .post("/api/v1/auth/login").then().statusCode(200);

        String role = uniqueName("r");
        as(Auth.ADMIN).contentType("application/json").body(Map.of("name", role, "description", "d", "system", true))
                .post("/api/v1/roles").then().statusCode(201).body("system", equalTo(false));
    }

    @Test
    void wrongTypeForActiveIsValidationFailedNamingIt() {
        TestUser target = signup();
        for (String body : List.of("{\"active\":\"false\"}", "{\"active\":0}", "{\"active\":null}", "{}",
                "{\"active\":[false]}")) {
            Response r = problem(as(Auth.ADMIN).contentType("application/json").body(body)
                    .patch("/api/v1/users/" + target.id()), 400, "VALIDATION_FAILED");
            assertEquals(List.of("active"), errorFields(r), body + " -> " + r.asString());
        }
        login(target.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void bodiesOver64KiBAre413ProblemJsonForARealClient() throws Exception {
        byte[] big = ("{\"login\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        byte[] fits = ("{\"login\":\"" + "a".repeat(60 * 1024) + "\",\"password\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        URI login = URI.create("http://localhost:" + RestAssured.port + "/api/v1/auth/login");
        // HTTP/1.1 with a declared length and chunked; HTTP/2 (h2c) with a declared length
        Map<String, java.util.function.Function<byte[], HttpResponse<String>>> clients = new LinkedHashMap<>();
        clients.put("HTTP/1.1 fixed", b -> post(HTTP_1_1, login, HttpRequest.BodyPublishers.ofByteArray(b)));
        clients.put("HTTP/1.1 chunked", b -> post(HTTP_1_1, login,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(b))));
        clients.put("HTTP/2 fixed", b -> post(HTTP_2, login, HttpRequest.BodyPublishers.ofByteArray(b)));
        for (var client : clients.entrySet()) {
            HttpResponse<String> r = client.getValue().apply(big);
            assertEquals(413, r.statusCode(), client.getKey() + ": " + r.body());
            assertEquals(Problem.MEDIA_TYPE, r.headers().firstValue("Content-Type").orElse(""), client.getKey());
            assertTrue(r.body().contains("\"code\":\"VALIDATION_FAILED\""), r.body());
            assertTrue(r.body().contains("\"status\":413"), r.body());
            assertNoInternals(r.body());
            // just under the limit is read and judged on its content
            HttpResponse<String> ok = client.getValue().apply(fits);
            assertEquals(400, ok.statusCode(), client.getKey() + ": " + ok.body());
            assertTrue(ok.body().contains("\"field\":\"login\""), ok.body());
        }
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, HttpRequest.BodyPublisher body) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", randomIp()).POST(body).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @EnumSource(Endpoint.class)
    void bodiesOver64KiBAre413ProblemJsonOnEveryBodyEndpoint(Endpoint e) {
        Map<String, Object> body = e.validBody();
        body.put(e.fields.get(0), "a".repeat(65 * 1024));
        problem(send(e, body), 413, "VALIDATION_FAILED");
    }

    // --- usernames --------------------------------------------------------------------------------------------

    private static String fullwidth(String ascii) {
        StringBuilder sb = new StringBuilder();
        for (char c : ascii.toCharArray()) {
            sb.append(c >= '!' && c <= '~' ? (char) (c + 0xFEE0) : c);
        }
        return sb.toString();
    }

    @Test
    void aFullwidthUsernameIsNormalisedSoItsAsciiTwinIsTaken() {
        String ascii = uniqueName("bob_x");
        String wide = fullwidth(ascii);
        assertNotEquals(ascii, wide);
        Response r = json().body(Map.of("username", wide, "email", ascii + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup");
        r.then().statusCode(201);
        bearer(r.path("access_token")).get("/api/v1/account").then().statusCode(200).body("username", equalTo(ascii));
        problem(json().body(Map.of("username", ascii, "email", uniqueName("o") + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup"), 409, "USERNAME_TAKEN");
        problem(json().body(Map.of("username", ascii.toUpperCase(Locale.ROOT), "email", uniqueName("o") + "@example.com",
                "password", PASSWORD)).post("/api/v1/auth/signup"), 409, "USERNAME_TAKEN");
        problem(json().body(Map.of("username", fullwidth(ascii.toUpperCase(Locale.ROOT)), "email",
                uniqueName("o") + "@example.com", "password", PASSWORD)).post("/api/v1/auth/signup"), 409, "USERNAME_TAKEN");
        // the owner may log in with either spelling
        login(wide, PASSWORD).then().statusCode(200);
        login(ascii, PASSWORD).then().statusCode(200);
        // and nobody can rename himself into the twin
        TestUser other = signup();
        problem(bearer(other.accessToken()).body(Map.of("username", fullwidth(ascii))).patch("/api/v1/account"), 409,
                "USERNAME_TAKEN");
    }

    @Test
    void lookAlikesThatNfkcDoesNotFoldAreRefused() {
        // Cyrillic a, Greek omicron, zero-width space, combining accent, right-to-left override
        for (String name : List.of("\u0430dmin_" + uniqueName("c"), "r\u03bfot_" + uniqueName("g"),
                "adm\u200bin_" + uniqueName("z"), "admi\u0301n_" + uniqueName("a"), "\u202eadmin_" + uniqueName("r"))) {
            Response r = problem(json().body(Map.of("username", name, "email", uniqueName("l") + "@example.com",
                    "password", PASSWORD)).post("/api/v1/auth/signup"), 400, "VALIDATION_FAILED");
            assertEquals(List.of("username"), errorFields(r));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR '1'='1", "admin'--", "\" OR \"\"=\"", "1; DROP TABLE users;--",
        "%' OR 1=1 --", "\\' OR 1=1 --", "' UNION SELECT password_hash FROM users --", "admin' /*", "*)(uid=*))(|(uid=*",
        "$ne", "{\"$gt\":\"\"}", "'; SELECT pg_sleep(5); --"})
    void sqlInjectionAsLoginIsInvalidCredentials(String injection) {
        long start = System.nanoTime();
        problem(login(injection, "whatever password"), 401, "INVALID_CREDENTIALS");
        problem(login(injection, "' OR '1'='1"), 401, "INVALID_CREDENTIALS");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 4, "no pg_sleep ran");
        TestUser u = signup();
        problem(login(u.username() + injection, PASSWORD), 401, "INVALID_CREDENTIALS");
        login(u.username(), PASSWORD).then().statusCode(200);
    }

    @Test
    void sqlAndLikeMetacharactersInTheUserQueryMatchLiterally() {
        TestUser u = signup();
        // no username or email holds any of these characters, so matched literally they find nobody
        for (String q : List.of("' OR 1=1 --", "%", "%%", "\\", "%' OR '1'='1", "\" OR \"\"=\"", "*")) {
            Response r = as(Auth.ADMIN).queryParam("query", q).get("/api/v1/users");
            r.then().statusCode(200);
            assertEquals(0, r.<Integer>path("total"), q);
        }
        // a LIKE wildcard in the middle is literal too
        String name = u.username();
        as(Auth.ADMIN).queryParam("query", name.substring(0, 2) + "%" + name.substring(3)).get("/api/v1/users").then()
                .statusCode(200).body("total", equalTo(0));
        as(Auth.ADMIN).queryParam("query", name).get("/api/v1/users").then().statusCode(200).body("total", equalTo(1));
        problem(as(Auth.ADMIN).queryParam("query", "a\u0000b").get("/api/v1/users"), 400, "VALIDATION_FAILED");
    }

    // --- ids and paging -----------------------------------------------------------------------------------------

    private static final List<String> BAD_IDS = List.of("not-a-uuid", "..%2F..%2Fusers", "..%2f",
            "0-0-0-0-0", "00000000-0000-0000-0000-00000000000g", "00000000000000000000000000000000",
            "%7B00000000-0000-0000-0000-000000000000%7D", "%00", "a%0d%0aSet-Cookie:%20x=1", "1%20OR%201=1",
            "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "%C0%AE%C0%AE",
            "..;", "%25", "x".repeat(1000), "%E2%80%AE");

    @Test
    void badSessionIdsAreNotFound() {
        TestUser u = signup();
        for (String id : BAD_IDS) {
            problem(bearer(u.accessToken()).urlEncodingEnabled(false).delete("/api/v1/account/sessions/" + id), 404,
                    "NOT_FOUND");
        }
        bearer(u.accessToken()).get("/api/v1/account").then().statusCode(200);
    }

    @Test
    void badProviderNamesAreNotFound() {
        TestUser u = signup();
        for (String provider : BAD_IDS) {
            problem(bearer(u.accessToken()).urlEncodingEnabled(false).delete("/api/v1/account/social/" + provider), 404,
                    "NOT_FOUND");
        }
    }

    @Test
    void badUserIdsAreNotFound() {
        for (String id : BAD_IDS) {
            problem(as(Auth.ADMIN).urlEncodingEnabled(false).get("/api/v1/users/" + id), 404, "NOT_FOUND");
            problem(as(Auth.ADMIN).urlEncodingEnabled(false).get("/api/v1/users/" + id + "/roles"), 404, "NOT_FOUND");
            problem(as(Auth.ADMIN).urlEncodingEnabled(false).contentType("application/json").body("{\"active\":false}")
                    .patch("/api/v1/users/" + id), 404, "NOT_FOUND");
            problem(as(Auth.ADMIN).urlEncodingEnabled(false).get("/api/v1/roles/" + id), 404, "NOT_FOUND");
        }
    }

    @Test
    void rawDotSegmentsAreResolvedBeforeRoutingAndReachNothingElse() {
        TestUser u = signup();
        // RFC 3986 removes dot segments: this names DELETE /api/v1/users, which does not exist
        Response r = bearer(u.accessToken()).urlEncodingEnabled(false).delete("/api/v1/account/sessions/../../users");
        assertTrue(r.statusCode() == 404 || r.statusCode() == 405, r.statusLine());
        problem(r, r.statusCode(), "NOT_FOUND");
        // and a plain user stays a plain user wherever the path leads
        problem(bearer(u.accessToken()).urlEncodingEnabled(false).get("/api/v1/account/sessions/../../users/" + u.id()),
                403, "FORBIDDEN");
    }

    @Test
    void pagingOutsideItsRangeIsValidationFailedNamingTheParameter() {
        TestUser u = signup();
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("page=0", "page");
        cases.put("page=-1", "page");
        cases.put("page=abc", "page");
        cases.put("page=1.5", "page");
        cases.put("page=0x10", "page");
        cases.put("page=99999999999", "page");
        cases.put("page=2147483647", "page");
        cases.put("page=%00", "page");
        cases.put("size=0", "size");
        cases.put("size=-5", "size");
        cases.put("size=101", "size");
        cases.put("size=1e3", "size");
        cases.put("size=99999999999999999999", "size");
        cases.put("size=%20", "size");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Response r = problem(bearer(u.accessToken()).urlEncodingEnabled(false)
                    .get("/api/v1/account/history?" + c.getKey()), 400, "VALIDATION_FAILED");
            assertEquals(List.of(c.getValue()), errorFields(r), c.getKey());
            Response admin = problem(as(Auth.ADMIN).urlEncodingEnabled(false).get("/api/v1/users?" + c.getKey()), 400,
                    "VALIDATION_FAILED");
            assertEquals(List.of(c.getValue()), errorFields(admin), c.getKey());
        }
        bearer(u.accessToken()).get("/api/v1/account/history?page=1&size=100").then().statusCode(200)
                .body("size", equalTo(100));
        bearer(u.accessToken()).get("/api/v1/account/history?page=21474836&size=100").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }

    // --- headers ------------------------------------------------------------------------------------------------

    /** Sends raw bytes, so no client library cleans the request up first; returns the raw response head and body. */
    private static String raw(String requestHead, byte[] body) throws IOException {
        try (Socket s = new Socket("localhost", RestAssured.port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return readResponse(s.getInputStream());
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no answer", e);
        }
    }

    /** Reads one response: the head, then as many body bytes as its Content-Length says (or up to the close). */
    private static String readResponse(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        int headEnd = -1;
        while (headEnd < 0) {
            int b = in.read();
            if (b < 0) {
                return buf.toString(StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
            byte[] sofar = buf.toByteArray();
            int n = sofar.length;
            if (n >= 4 && sofar[n - 4] == '\r' && sofar[n - 3] == '\n' && sofar[n - 2] == '\r' && sofar[n - 1] == '\n') {
                headEnd = n;
            }
        }
        String head = buf.toString(StandardCharsets.ISO_8859_1);
        java.util.regex.Matcher m = Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
        byte[] body = m.find() ? in.readNBytes(Integer.parseInt(m.group(1))) : in.readNBytes(64 * 1024);
        return head + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** A raw request head with the given extra header line(s), already encoded as the wire bytes in ISO-8859-1. */
    private static String head(String method, String path, String extra, int contentLength) {
        return method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + extra
                + (contentLength >= 0 ? "Content-Type: application/json\r\nContent-Length: " + contentLength + "\r\n" : "")
                + "\r\n";
    }

    private static List<String> headerLines(String response) {
        int end = response.indexOf("\r\n\r\n");
        return List.of((end < 0 ? response : response.substring(0, end)).split("\r\n"));
    }

    private static void assertNoInjectedHeader(String response) {
        for (String line : headerLines(response)) {
            String lower = line.toLowerCase(Locale.ROOT);
            assertFalse(lower.startsWith("set-cookie"), "injected header: " + line);
            assertFalse(lower.startsWith("x-injected"), "injected header: " + line);
            assertFalse(lower.contains("evil"), "reflected attacker text: " + line);
        }
    }

    private static String requestIdOf(String response) {
        for (String line : headerLines(response)) {
            if (line.toLowerCase(Locale.ROOT).startsWith("x-request-id:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return null;
    }

    @Test
    void aSafeRequestIdIsEchoedAndAnUnsafeOneIsReplaced() throws IOException {
        String ok = raw(head("GET", "/api/v1/account", "X-Request-Id: trace-42.abc:1\r\n", -1), null);
        assertEquals("trace-42.abc:1", requestIdOf(ok));
        for (String unsafe : List.of("abc%0d%0aSet-Cookie:%20evil=1", "abc evil", "<script>evil</script>", "a\"evil",
                "x".repeat(200))) {
            String r = raw(head("GET", "/api/v1/account", "X-Request-Id: " + unsafe + "\r\n", -1), null);
            String echoed = requestIdOf(r);
            assertTrue(echoed != null && UUID_PATTERN.matcher(echoed).matches(), "not replaced: " + echoed);
            assertNoInjectedHeader(r);
        }
    }

    @Test
    void crlfInjectionInHeadersSplitsNoResponseHeader() throws IOException {
        // UTF-8 of U+560D U+560A: a server that cut chars to their low byte would write CR LF here
        String utf8Trick = new String("abc\u560d\u560aSet-Cookie: evil=1".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.ISO_8859_1);
        List<String> attempts = List.of(
                "X-Request-Id: " + utf8Trick + "\r\n",
                "User-Agent: " + utf8Trick + "\r\n",
                "X-Request-Id: abc\rSet-Cookie: evil=1\r\n",
                "User-Agent: abc\nX-Injected: evil\r\n",
                "X-Request-Id: abc\r\n Set-Cookie: evil=1\r\n",
                "User-Agent: a\u0000evil\r\n");
        for (String attempt : attempts) {
            String r = raw(head("GET", "/api/v1/account", attempt, -1), null);
            assertTrue(r.startsWith("HTTP/1.1 4"), r);
            assertNoInjectedHeader(r);
            String id = requestIdOf(r);
            assertTrue(id == null || UUID_PATTERN.matcher(id).matches(), "echoed: " + id);
        }
    }

    @Test
    void controlCharactersInTheUserAgentNeverReachTheHistoryNorFailALogin() throws IOException {
        TestUser u = signup();
        byte[] body = ("{\"login\":\"" + u.username() + "\",\"password\":\"" + PASSWORD + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        // Netty refuses most control bytes in a header outright (400); a tab and NEL (0x85, a C1 control) get through
        String ua = "Mozilla/5.0 \t\u0085\u009b" + "x".repeat(2000);
        String r = raw(head("POST", "/api/v1/auth/login", "User-Agent: " + ua + "\r\n", body.length), body);
        assertTrue(r.startsWith("HTTP/1.1 200"), r);
        List<String> agents = bearer(u.accessToken()).get("/api/v1/account/history").then().statusCode(200).extract()
                .path("items.user_agent");
        String stored = agents.get(0);
        assertTrue(stored.startsWith("Mozilla/5.0"), stored);
        assertTrue(stored.chars().noneMatch(Character::isISOControl), stored);
        assertTrue(stored.length() <= 512, "user agent stored at " + stored.length() + " characters");
    }

    /**
     * Routing refusals are ours too. (Not ours: what Netty's HTTP codec refuses before any handler runs, a bare 400
     * for control bytes in a header or a bad %-escape in the path, 414 for a request line over 4 KiB, 431 for headers
     * over quarkus.http.limits.max-header-size; the nginx in front answers those as problem+json.)
     */
    @Test
    void routingRefusalsAreProblemJsonToo() {
        List<Response> answers = new ArrayList<>();
        answers.add(given().request("PROPFIND", "/api/v1/account"));
        answers.add(given().get("/api/v1/auth/signup"));
        answers.add(given().get("/api/v1/no-such-thing"));
        answers.add(given().header("Accept", "text/html").get("/api/v1/account"));
        for (Response r : answers) {
            assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, r.statusLine());
            r.then().contentType("application/problem+json").body("code", not(equalTo(null)));
            assertNoInternals(r.asString());
        }
    }

}
