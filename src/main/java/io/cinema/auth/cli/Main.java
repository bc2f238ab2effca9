package io.cinema.auth.cli;

import io.quarkus.picocli.runtime.PicocliRunner;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * One artifact, two modes. With no arguments or {@code serve} it runs the HTTP server; any other command runs with the
 * HTTP listener and the scheduler off, so it can run beside a live server on the same host, and with quiet logs so it
 * prints human lines only.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) {
        if (isCommandMode(args)) {
            setIfAbsent("quarkus.http.host-enabled", "false");
            setIfAbsent("quarkus.scheduler.enabled", "false");
            setIfAbsent("quarkus.log.level", "WARN");
            setIfAbsent("quarkus.log.console.json.enabled", "false");
            setIfAbsent("quarkus.log.console.format", "%s%e%n");
            setIfAbsent("quarkus.flyway.migrate-at-start", "true");
        }
        Quarkus.run(PicocliRunner.class, args);
    }

    static boolean isCommandMode(String... args) {
        return args.length > 0 && !"serve".equals(args[0]);
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
