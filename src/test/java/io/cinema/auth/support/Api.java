package io.cinema.auth.support;

import static io.restassured.RestAssured.given;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import io.cinema.auth.account.User;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Test helpers that talk to the service only through its HTTP contract. */
public final class Api {

    public static final String PASSWORD = "correct horse battery staple";

    private Api() {
    }

    /** A made-up client address, so per-IP limits of one test do not spill into another. */
    public static String randomIp() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(250));
    }

    /** A JSON request from a random client address. */
    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", randomIp());
    }

    public static RequestSpecification bearer(String accessToken) {
        return json().header("Authorization", "Bearer " + accessToken);
    }

    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A freshly signed-up user with its first token pair. */
    public record TestUser(String username, String email, String password, String accessToken, String refreshToken,
            String id) {
    }

    public static TestUser signup() {
        return signup(uniqueName("u"));
    }

    public static TestUser signup(String username) {
        String email = username.toLowerCase() + "@example.com";
        Response r = json().body(Map.of("username", username, "email", email, "password", PASSWORD))
                .post("/api/v1/auth/signup");
        r.then().statusCode(201);
        String access = r.path("access_token");
        String id = bearer(access).get("/api/v1/account").then().statusCode(200).extract().path("id");
        return new TestUser(username, email, PASSWORD, access, r.path("refresh_token"), id);
    }

    /** A freshly signed-up user whose email counts as verified (as after its mail link), for flows that need it. */
    public static TestUser verifiedSignup() {
        TestUser u = signup();
        markEmailVerified(u.id());
        return u;
    }

    /** Test set-up shortcut for the mail link: the user's email counts as verified. */
    public static void markEmailVerified(String userId) {
        QuarkusTransaction.requiringNew().run(() -> User.update("emailVerified = true where id = ?1",
                UUID.fromString(userId)));
    }

    public static Response login(String login, String password) {
        return json().body(Map.of("login", login, "password", password)).post("/api/v1/auth/login");
    }
}
