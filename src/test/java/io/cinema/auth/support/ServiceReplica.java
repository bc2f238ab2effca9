package io.cinema.auth.support;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One replica of the packaged jar, started by a test as {@code TwoReplicasIT} starts its second one (test profile,
 * the test run's PostgreSQL), on a database of its own so the jar that Quarkus starts for the other integration tests
 * (on the ordinary test Redis) never pushes these tests' changes elsewhere.
 */
public final class ServiceReplica implements AutoCloseable {

    private final List<String> properties;
    private final int port;
    private final Path log;
    private Process process;

    public ServiceReplica(String database, List<String> properties) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        this.log = Files.createTempFile("replica-" + port, ".log");
        List<String> props = new ArrayList<>(List.of("-Dquarkus.datasource.jdbc.url=" + TestServers.jdbcUrl(database),
                "-D%test.quarkus.datasource.jdbc.url=" + TestServers.jdbcUrl(database)));
        props.addAll(properties);
        this.properties = props;
    }

    /** Creates {@code database} on the test run's PostgreSQL when it is missing. */
    public static void createDatabase(String database) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServers.jdbcUrl(TestServers.database()), "postgres", "");
                PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, database);
            try (ResultSet r = q.executeQuery()) {
                if (!r.next()) {
                    c.createStatement().execute("CREATE DATABASE \"" + database + "\"");
                }
            }
        }
    }

    public int port() {
        return port;
    }

    public Path log() {
        return log;
    }

    public ServiceReplica start() throws IOException {
        // the JVM options the README runs the service with (deploy/jvm.options), so these replicas run on them too
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Path.of("deploy", "jvm.options"), "-Xmx256m", "-Dquarkus.profile=test",
                "-Dquarkus.http.port=" + port));
        cmd.addAll(TestServers.systemProperties());
        cmd.addAll(properties);
        cmd.addAll(List.of("-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return this;
    }

    public ServiceReplica awaitReady() throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("replica on " + port + " exited: " + Files.readString(log));
            }
            try {
                if (given().port(port).get("/q/health/ready").statusCode() == 200) {
                    return this;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("replica on " + port + " did not start: " + Files.readString(log));
    }

    /** SIGKILL: no shutdown hook, no transaction finished. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
