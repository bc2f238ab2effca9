package io.cinema.auth.role;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.TestServers;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Black box: the packaged jar runs twice (replica A started by Quarkus on the test port, replica B started here) against
 * the same PostgreSQL and Redis; the command line runs beside them. A role change or a disabled account made through
 * one replica shows in the permission check of the other at once.
 */
@QuarkusIntegrationTest
class TwoReplicasIT {

    static final String PASSWORD = "correct horse battery staple";
    static Process replicaB;
    static int portB;
    static Path logB;

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> jarCommand(String... args) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Dquarkus.profile=test"));
        cmd.addAll(TestServers.systemProperties());
        cmd.add("-jar");
        cmd.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    @BeforeAll
    static void startReplicaB() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            portB = s.getLocalPort();
        }
        logB = Files.createTempFile("replica-b", ".log");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Dquarkus.profile=test", "-Dquarkus.http.port=" + portB));
        // the same PostgreSQL and Redis as replica A (TestServers: local ones, or embedded when none answers)
        cmd.addAll(TestServers.systemProperties());
        cmd.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        replicaB = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logB.toFile()).start();
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (given().port(portB).get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("replica B did not start: " + Files.readString(logB));
    }

    @AfterAll
    static void stopReplicaB() throws Exception {
        if (replicaB != null) {
            replicaB.destroy();
            replicaB.waitFor(20, TimeUnit.SECONDS);
        }
    }

    static RequestSpecification a() {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", "10.9." + (int) (Math.random() * 250) + ".1");
    }

    static RequestSpecification b() {
        return a().port(portB);
    }

    record Run(int exit, String out, String err) {
    }

    static Run cli(String stdin, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("cli", ".out");
        Path err = Files.createTempFile("cli", ".err");
        Process p = new ProcessBuilder(jarCommand(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command finishes in seconds");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theCommandLineRunsBesideLiveServersAndChangesShowOnBothReplicasAtOnce() throws Exception {
        String admin = "root_" + UUID.randomUUID().toString().substring(0, 8);
        Run created = cli(PASSWORD + "\n", "create-superuser", "--username", admin, "--password-stdin", "--if-not-exists");
        assertEquals(0, created.exit(), created.err());
        assertEquals(List.of("superuser " + admin + " created"), created.out().lines().filter(l -> !l.isBlank()).toList(),
                "one human line");
        Run again = cli(PASSWORD + "\n", "create-superuser", "--username", admin, "--password-stdin", "--if-not-exists");
        assertEquals(0, again.exit(), again.err());
        // both servers still answer: the command did not take their port
        given().get("/q/health/ready").then().statusCode(200);
        given().port(portB).get("/q/health/ready").then().statusCode(200);

        String rootToken = a().body(Map.of("login", admin, "password", PASSWORD)).post("/api/v1/auth/login").then()
                .statusCode(200).extract().path("access_token");
        String role = "subscriber_" + UUID.randomUUID().toString().substring(0, 6);
        String roleId = a().header("Authorization", "Bearer " + rootToken).body(Map.of("name", role))
                .post("/api/v1/roles").then().statusCode(201).extract().path("id");

        String name = "viewer_" + UUID.randomUUID().toString().substring(0, 8);
        Response signup = b().body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup");
        signup.then().statusCode(201);
        String userToken = signup.path("access_token");
        String userId = b().header("Authorization", "Bearer " + userToken).get("/api/v1/account").path("id");

        for (RequestSpecification replica : List.of(a(), b())) {
            replica.header("Authorization", "Bearer " + userToken).get("/api/v1/authz/check?role=" + role).then()
                    .statusCode(200).body("allowed", equalTo(false));
        }
        a().header("Authorization", "Bearer " + rootToken).put("/api/v1/users/" + userId + "/roles/" + roleId).then()
                .statusCode(204);
        for (RequestSpecification replica : List.of(b(), a())) {
            replica.header("Authorization", "Bearer " + userToken).get("/api/v1/authz/check?role=" + role).then()
                    .statusCode(200).body("allowed", equalTo(true));
        }
        b().header("Authorization", "Bearer " + rootToken).delete("/api/v1/users/" + userId + "/roles/" + roleId).then()
                .statusCode(204);
        for (RequestSpecification replica : List.of(a(), b())) {
            replica.header("Authorization", "Bearer " + userToken).get("/api/v1/authz/check?role=" + role).then()
                    .statusCode(200).body("allowed", equalTo(false));
        }
        a().header("Authorization", "Bearer " + rootToken).body(Map.of("active", false)).patch("/api/v1/users/" + userId)
                .then().statusCode(200);
        for (RequestSpecification replica : List.of(b(), a())) {
            replica.header("Authorization", "Bearer " + userToken).get("/api/v1/authz/check?role=user").then()
                    .statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        }
    }

    static RequestSpecification tvForm(int port) {
        return given().port(port).contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Forwarded-For", "10.8." + (int) (Math.random() * 250) + ".1")
                .header("User-Agent", "CinemaTV/2.1 (SmartTV)");
    }

    static Response poll(int port, String clientId, String deviceCode) {
        return tvForm(port).formParam("grant_type", "urn:ietf:params:oauth:grant-type:device_code")
                .formParam("client_id", clientId).formParam("device_code", deviceCode).post("/oauth2/token");
    }

    @Test
    void aTvsPollingStateAndItsOneTokenPairAreSharedByBothReplicas() throws Exception {
        String admin = "root_" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, cli(PASSWORD + "\n", "create-superuser", "--username", admin, "--password-stdin").exit());
        String rootToken = a().body(Map.of("login", admin, "password", PASSWORD)).post("/api/v1/auth/login").then()
                .statusCode(200).extract().path("access_token");
        String clientId = a().header("Authorization", "Bearer " + rootToken).body(Map.of("name", "Hall TV",
                "roles", List.of("user"), "grant_types", List.of("device_code"))).post("/api/v1/clients").then()
                .statusCode(201).extract().path("client_id");
        int portA = io.restassured.RestAssured.port;

        Response started = tvForm(portB).formParam("client_id", clientId).post("/oauth2/device_authorization");
        started.then().statusCode(200);
        String deviceCode = started.path("device_code");
        String userCode = started.path("user_code");
        // one clock for the interval: a poll on A, then one on B at once, is too fast
        poll(portA, clientId, deviceCode).then().statusCode(400).body("error", equalTo("authorization_pending"));
        poll(portB, clientId, deviceCode).then().statusCode(400).body("error", equalTo("slow_down"));

        String name = "viewer_" + UUID.randomUUID().toString().substring(0, 8);
        String viewer = a().body(Map.of("username", name, "email", name + "@example.com", "password", PASSWORD))
                .post("/api/v1/auth/signup").then().statusCode(201).extract().path("access_token");
        b().header("Authorization", "Bearer " + viewer).queryParam("user_code", userCode).get("/api/v1/device")
                .then().statusCode(200).body("client_name", equalTo("Hall TV"));
        a().header("Authorization", "Bearer " + viewer).body(Map.of("user_code", userCode))
                .post("/api/v1/device/approve").then().statusCode(204);

        // polls racing on both replicas: one pair, the rest invalid_grant
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Response>> polls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int port = i % 2 == 0 ? portA : portB;
            polls.add(pool.submit(() -> poll(port, clientId, deviceCode)));
        }
        List<Response> answers = new ArrayList<>();
        for (java.util.concurrent.Future<Response> f : polls) {
            answers.add(f.get());
        }
        pool.shutdown();
        List<Response> pairs = answers.stream().filter(r -> r.statusCode() == 200).toList();
        assertEquals(1, pairs.size(), answers.stream().map(Response::asString).toList().toString());
        assertTrue(answers.stream().filter(r -> r.statusCode() != 200)
                .allMatch(r -> "invalid_grant".equals(r.path("error"))));
        String tvToken = pairs.get(0).path("access_token");
        for (RequestSpecification replica : List.of(a(), b())) {
            replica.header("Authorization", "Bearer " + tvToken).get("/api/v1/account/sessions").then()
                    .statusCode(200).body("find { it.current }.device", equalTo("tv"));
        }
        String sid = b().header("Authorization", "Bearer " + tvToken).get("/api/v1/account/sessions")
                .path("find { it.current }.id");
        b().header("Authorization", "Bearer " + viewer).delete("/api/v1/account/sessions/" + sid).then()
                .statusCode(204);
        a().header("Authorization", "Bearer " + tvToken).get("/api/v1/account").then().statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
    }

    @Test
    void createRoleRefusesAnExistingNameWithExitCode1() throws Exception {
        String role = "cli_" + UUID.randomUUID().toString().substring(0, 6);
        Run first = cli(null, "create-role", "--name", role);
        assertEquals(0, first.exit(), first.err());
        Run second = cli(null, "create-role", "--name", role);
        assertEquals(1, second.exit());
        assertTrue(second.err().contains("exists"), second.err());
        assertTrue(new File("target/quarkus-app/quarkus-run.jar").exists());
    }
}
