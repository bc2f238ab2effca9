package io.cinema.auth.devmode;

import java.util.Map;

import com.oracle.svm.core.annotate.Substitute;
import com.oracle.svm.core.annotate.TargetClass;

import io.smallrye.config.ConfigSourceContext;

/**
 * {@link DevServersConfigSourceFactory} as a native image has it: native-image compiles this body in place of the
 * real {@code devServers}, which reaches {@link EmbeddedServers} and so the embedded PostgreSQL and Redis jars. Those
 * are provided-scope, not in the image, and with {@code --link-at-build-time} (Quarkus's default) parsing code that
 * uses them stops the build ("Discovered unresolved type during parsing: ...EmbeddedPostgres"). EmbeddedServers
 * itself cannot be the target: native-image cannot even list its methods without those jars. A native binary never
 * runs dev mode, so under the dev profile it asks for configured servers as production does.
 * Only native-image reads this class (the JVM never loads it), so its graal-sdk annotations need no jar at run time.
 */
@TargetClass(DevServersConfigSourceFactory.class)
final class Target_io_cinema_auth_devmode_DevServersConfigSourceFactory {

    @Substitute
    private static Map<String, String> devServers(ConfigSourceContext context) {
        DevServersConfigSourceFactory.requireConfigured(context);
        return Map.of();
    }
}
