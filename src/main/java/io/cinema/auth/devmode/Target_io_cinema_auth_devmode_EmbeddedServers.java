package io.cinema.auth.devmode;

import java.nio.file.Path;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

/**
 * {@link EmbeddedServers} as a native image has it: native-image compiles these bodies in place of the real ones.
 * The real ones use the embedded PostgreSQL and Redis jars, which are provided-scope and so not in the image; with
 * {@code --link-at-build-time} (Quarkus's default) parsing them stops the build ("Discovered unresolved type during
 * parsing: io.zonky.test.db.postgres.embedded.EmbeddedPostgres"). A native binary never runs dev mode, where
 * {@link DevServersConfigSourceFactory} would start them. Only native-image reads this class (the JVM never loads
 * it), so its graal-sdk annotations need no jar at run time.
 */
@TargetClass(EmbeddedServers.class)
final class Target_io_cinema_auth_devmode_EmbeddedServers {

    private static final String NOT_IN_NATIVE = "a native binary has no embedded PostgreSQL or Redis (dev mode and "
            + "the tests start them on the JVM): configure quarkus.datasource.jdbc.url and quarkus.redis.hosts";

    @Substitute
    public static int postgres(Path dataDir, boolean keepData) {
        throw new UnsupportedOperationException(NOT_IN_NATIVE);
    }

    @Substitute
    public static int redis(Path dataDir, boolean keepData) {
        throw new UnsupportedOperationException(NOT_IN_NATIVE);
    }
}
