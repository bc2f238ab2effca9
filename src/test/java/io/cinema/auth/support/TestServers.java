package io.cinema.auth.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import io.cinema.auth.devmode.EmbeddedServers;
import io.cinema.auth.devmode.LocalServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The PostgreSQL and Redis of a test run, for every test: the local servers ({@code 127.0.0.1:5432}, {@code :6379})
 * when they answer, else an embedded PostgreSQL and Redis started once per JVM (so {@code ./mvnw verify} needs only
 * Java); {@code -Dcinema.test.embedded=true} takes the embedded ones even when local servers answer, so CI can prove
 * that path. The database ({@code AUTH_TEST_DB}, default {@code auth_test}) is created when missing; the Redis index
 * stays {@code AUTH_TEST_REDIS_DB}.
 *
 * <p>A global test resource: its ports reach every Quarkus test as {@code cinema.test.postgres-port} and
 * {@code cinema.test.redis-port} (the test profile's datasource URL and Redis host are built from them), the jars that
 * {@code @QuarkusIntegrationTest} starts get them as system properties, and tests that open their own connections or
 * start processes ask {@link #postgresPort()}, {@link #redisPort()}, {@link #jdbcUrl(String)} or
 * {@link #systemProperties()}. The choice is made once per JVM and kept in system properties, because each Quarkus
 * start loads this class anew.
 */
@WithTestResource(value = TestServers.class, scope = TestResourceScope.GLOBAL)
public class TestServers implements QuarkusTestResourceLifecycleManager {

    public static final String FORCE_EMBEDDED = "cinema.test.embedded";
    public static final String POSTGRES_PORT = "cinema.test.postgres-port";
    public static final String REDIS_PORT = "cinema.test.redis-port";

    @Override
    public Map<String, String> start() {
        return Map.of(POSTGRES_PORT, Integer.toString(postgresPort()), REDIS_PORT, Integer.toString(redisPort()));
    }

    @Override
    public void stop() {
        // the servers serve the whole JVM (each Quarkus start of a test profile comes here again); they stop with it
    }

    /** The test database's name, as the test profile has it. */
    public static String database() {
        return System.getenv().getOrDefault("AUTH_TEST_DB", "auth_test");
    }

    public static String redisIndex() {
        return System.getenv().getOrDefault("AUTH_TEST_REDIS_DB", "1");
    }

    public static boolean embeddedForced() {
        return Boolean.getBoolean(FORCE_EMBEDDED);
    }

    public static int postgresPort() {
        return choose(POSTGRES_PORT, LocalServers.POSTGRES, () -> {
            Path dir = Files.createTempDirectory("cinema-test-postgres");
            return EmbeddedServers.postgres(dir, false);
        }, port -> {
            try {
                LocalServers.createDatabaseIfMissing(port, database());
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create the test database " + database() + " on port " + port, e);
            }
        });
    }

    public static int redisPort() {
        return choose(REDIS_PORT, LocalServers.REDIS, () -> EmbeddedServers.redis(Files.createTempDirectory("cinema-test-redis"), false),
                port -> {
                });
    }

    /** A JDBC URL of the test run's PostgreSQL (user {@code postgres}, no password). */
    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://" + LocalServers.HOST + ":" + postgresPort() + "/" + database;
    }

    /** For a jar a test starts itself with {@code -Dquarkus.profile=test}: where the test profile's servers are. */
    public static java.util.List<String> systemProperties() {
        return java.util.List.of("-D" + POSTGRES_PORT + "=" + postgresPort(), "-D" + REDIS_PORT + "=" + redisPort());
    }

    private interface Starter {
        int start() throws IOException;
    }

    private static int choose(String key, int localPort, Starter embedded, java.util.function.IntConsumer prepare) {
        synchronized (System.getProperties()) {
            String chosen = System.getProperty(key);
            if (chosen != null) {
                return Integer.parseInt(chosen);
            }
            int port;
            String how;
            if (!embeddedForced() && LocalServers.answers(localPort)) {
                port = localPort;
                how = "the local server";
            } else {
                try {
                    port = embedded.start();
                } catch (IOException e) {
                    throw new IllegalStateException("no local server on port " + localPort
                            + " and the embedded one did not start", e);
                }
                how = embeddedForced() ? "embedded (" + FORCE_EMBEDDED + "=true)" : "embedded (nothing on " + localPort + ")";
            }
            prepare.accept(port);
            System.setProperty(key, Integer.toString(port));
            System.out.println("TestServers: " + key + "=" + port + ", " + how);
            return port;
        }
    }
}
