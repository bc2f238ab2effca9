package io.cinema.auth.devmode;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Where PostgreSQL and Redis are, when the configuration does not say.
 * <ul>
 * <li>dev profile ({@code ./mvnw quarkus:dev}): a datasource URL or Redis host that is configured is used as it is;
 * otherwise the local server on {@code 127.0.0.1:5432} / {@code :6379} when it answers, otherwise an embedded one
 * started here, with its data under {@code .dev-data/} (kept across restarts). {@code cinema.dev.embedded=true}
 * starts the embedded ones even when local servers answer.</li>
 * <li>test profile: nothing here; the test tree's {@code TestServers} resource chooses.</li>
 * <li>any other profile (production): both must be configured, or the start fails naming the keys; nothing is
 * probed or started.</li>
 * </ul>
 * A SmallRye {@link ConfigSourceFactory} (registered in {@code META-INF/services}), so it runs before any extension
 * reads its runtime configuration, and again at each live reload; only at run-time initialisation, not when the build
 * or static initialisation reads the configuration.
 */
public final class DevServersConfigSourceFactory implements ConfigSourceFactory {

    static final String DATASOURCE_URL = "quarkus.datasource.jdbc.url";
    static final String REDIS_HOSTS = "quarkus.redis.hosts";
    static final String FORCE_EMBEDDED = "cinema.dev.embedded";
    static final String DATA_DIR = "cinema.dev.data-dir";
    static final String DATABASE = "auth";
    /** Below application.properties (250): whatever is configured anywhere wins. */
    static final int ORDINAL = 150;

    private static final Logger LOG = Logger.getLogger(DevServersConfigSourceFactory.class);
    private static final String ANNOUNCED = "cinema.embedded.announced";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        // the build reads the configuration too (the prod profile, no database in sight): only the start decides
        if (ExecutionMode.current() != ExecutionMode.RUNTIME_INIT) {
            return List.of();
        }
        List<String> profiles = context.getProfiles();
        if (profiles.contains("test")) {
            return List.of();
        }
        if (!profiles.contains("dev")) {
            requireConfigured(context);
            return List.of();
        }
        return List.of(new PropertiesConfigSource(devServers(context), "cinema dev servers", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    static boolean configured(ConfigSourceContext context, String key) {
        ConfigValue v = context.getValue(key);
        return v != null && v.getValue() != null && !v.getValue().isBlank();
    }

    /** Production never guesses: no fallback to a local or embedded server. */
    static void requireConfigured(ConfigSourceContext context) {
        StringBuilder missing = new StringBuilder();
        if (!configured(context, DATASOURCE_URL)) {
            missing.append(DATASOURCE_URL).append(" (QUARKUS_DATASOURCE_JDBC_URL)");
        }
        if (!configured(context, REDIS_HOSTS)) {
            missing.append(missing.length() > 0 ? " and " : "").append(REDIS_HOSTS).append(" (QUARKUS_REDIS_HOSTS)");
        }
        if (missing.length() > 0) {
            String what = configured(context, DATASOURCE_URL) ? "No Redis configured" : "No database configured";
            throw new IllegalStateException(what + ": set " + missing + ". Only dev mode "
                    + "(./mvnw quarkus:dev) falls back to a local or embedded PostgreSQL and Redis; the "
                    + String.join(",", context.getProfiles()) + " profile never does.");
        }
    }

    private static Map<String, String> devServers(ConfigSourceContext context) {
        boolean force = Boolean.parseBoolean(valueOr(context, FORCE_EMBEDDED, "false"));
        boolean needDatabase = force || !configured(context, DATASOURCE_URL);
        boolean needRedis = force || !configured(context, REDIS_HOSTS);
        Map<String, String> out = new LinkedHashMap<>();
        if (!needDatabase && !needRedis) {
            return out;
        }
        Path data = Path.of(valueOr(context, DATA_DIR, ".dev-data"));
        StringBuilder embedded = new StringBuilder();
        try {
            if (needDatabase) {
                int port = LocalServers.POSTGRES;
                if (force || !LocalServers.answers(port)) {
                    port = EmbeddedServers.postgres(data.resolve("postgres"), true);
                    embedded.append("PostgreSQL on port ").append(port);
                    out.put("quarkus.datasource.username", "postgres");
                    out.put("quarkus.datasource.password", "");
                }
                createDatabase(port, embedded.length() > 0);
                out.put(DATASOURCE_URL, "jdbc:postgresql://" + LocalServers.HOST + ":" + port + "/" + DATABASE);
            }
            if (needRedis) {
                int port = LocalServers.REDIS;
                if (force || !LocalServers.answers(port)) {
                    port = EmbeddedServers.redis(data.resolve("redis"), true);
                    embedded.append(embedded.length() > 0 ? " and " : "").append("Redis on port ").append(port);
                }
                out.put(REDIS_HOSTS, "redis://" + LocalServers.HOST + ":" + port);
            }
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            throw new IllegalStateException("dev mode: no PostgreSQL/Redis configured or answering on "
                    + LocalServers.HOST + ", and the embedded ones did not start: " + e, e);
        }
        // once per JVM: a live reload finds the same servers and need not say it again
        if (embedded.length() > 0 && System.getProperty(ANNOUNCED) == null) {
            System.setProperty(ANNOUNCED, "true");
            LOG.infof("dev mode: %s; started embedded %s (data in %s, kept across restarts)",
                    force ? FORCE_EMBEDDED + "=true" : "nothing configured and nothing answering on " + LocalServers.HOST
                            + ":" + LocalServers.POSTGRES + "/" + LocalServers.REDIS,
                    embedded, data.toAbsolutePath().normalize());
        }
        return out;
    }

    /** The dev database, made on first use; a local server that refuses (other credentials) is left to say so. */
    private static void createDatabase(int port, boolean embedded) {
        try {
            LocalServers.createDatabaseIfMissing(port, DATABASE);
        } catch (java.sql.SQLException e) {
            if (embedded) {
                throw new IllegalStateException("dev mode: could not create the database " + DATABASE, e);
            }
            LOG.debugf("dev mode: could not check or create the database %s on port %d: %s", DATABASE, port, e);
        }
    }

    private static String valueOr(ConfigSourceContext context, String key, String fallback) {
        ConfigValue v = context.getValue(key);
        return v == null || v.getValue() == null ? fallback : v.getValue();
    }
}
