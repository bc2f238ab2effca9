package io.cinema.auth.devmode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import redis.embedded.RedisServer;

/**
 * An embedded PostgreSQL (zonky's real PostgreSQL binaries) and an embedded Redis (embedded-redis's redis-server),
 * for dev mode and tests on a machine that has only Java. Their jars are {@code provided}: on the dev-mode and test
 * class paths, never in the packaged application, so nothing but dev mode and the tests may load this class.
 *
 * <p>One server of each kind per JVM, found again through a system property: dev mode's live reload and each
 * {@code @QuarkusTest} profile build a new class loader (and so new statics) but must not start a second server.
 * Both stop when the JVM exits.
 */
public final class EmbeddedServers {

    private static final String POSTGRES_PORT = "cinema.embedded.postgres-port";
    private static final String REDIS_PORT = "cinema.embedded.redis-port";

    private EmbeddedServers() {
    }

    /** The port of this JVM's embedded PostgreSQL, started on first use with its data in {@code dataDir}. */
    public static int postgres(Path dataDir, boolean keepData) throws IOException {
        synchronized (System.getProperties()) {
            String running = System.getProperty(POSTGRES_PORT);
            if (running != null) {
                return Integer.parseInt(running);
            }
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(!keepData)
                    .setServerConfig("listen_addresses", LocalServers.HOST)
                    // the service's pool (20) plus the tests' and the command line's own connections
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", keepData ? "on" : "off")
                    .setRegisterShutdownHook(true)
                    .start();
            System.setProperty(POSTGRES_PORT, Integer.toString(pg.getPort()));
            return pg.getPort();
        }
    }

    /** The port of this JVM's embedded Redis, started on first use with its files in {@code dataDir}. */
    public static int redis(Path dataDir, boolean keepData) throws IOException {
        synchronized (System.getProperties()) {
            String running = System.getProperty(REDIS_PORT);
            if (running != null) {
                return Integer.parseInt(running);
            }
            Files.createDirectories(dataDir);
            int port = freePort();
            RedisServer redis = RedisServer.newRedisServer()
                    .bind(LocalServers.HOST)
                    .port(port)
                    .setting("dir " + dataDir.toAbsolutePath())
                    .setting(keepData ? "appendonly yes" : "appendonly no")
                    .setting(keepData ? "save 60 1" : "save \"\"")
                    .build();
            redis.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    redis.stop();
                } catch (IOException ignored) {
                    // the JVM is going anyway
                }
            }, "embedded-redis-stop"));
            System.setProperty(REDIS_PORT, Integer.toString(port));
            return port;
        }
    }

    /** A free loopback port, for servers that need one named up front. */
    public static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(LocalServers.HOST))) {
            return s.getLocalPort();
        }
    }
}
