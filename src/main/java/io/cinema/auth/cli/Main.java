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
        java.util.List<String> set = new java.util.ArrayList<>();
        if (isCommandMode(args)) {
            setIfAbsent(set, "quarkus.http.host-enabled", "false");
            setIfAbsent(set, "quarkus.scheduler.enabled", "false");
            // human lines on standard output; logs (audit lines included) on standard error
            setIfAbsent(set, "quarkus.log.console.stderr", "true");
            setIfAbsent(set, "quarkus.log.level", "WARN");
            setIfAbsent(set, "quarkus.log.category.\"io.cinema\".level", "INFO");
            setIfAbsent(set, "quarkus.log.category.\"io.micrometer\".level", "ERROR");
            setIfAbsent(set, "quarkus.log.console.json.enabled", "false");
            setIfAbsent(set, "quarkus.log.console.format", "%s%e%n");
            // the command migrates itself, so an unreachable database is one clear line, not a failed start
            setIfAbsent(set, "quarkus.flyway.migrate-at-start", "false");
        }
        try {
            Quarkus.run(PicocliRunner.class, args);
        } finally {
            // in a test JVM the next application must not inherit command mode
            set.forEach(System::clearProperty);
        }
    }

    static boolean isCommandMode(String... args) {
        return args.length > 0 && !"serve".equals(args[0]);
    }

    private static void setIfAbsent(java.util.List<String> set, String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
            set.add(key);
        }
    }
}
