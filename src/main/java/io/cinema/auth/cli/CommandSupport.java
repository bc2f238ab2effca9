package io.cinema.auth.cli;

import java.util.concurrent.Callable;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.Outages;
import io.cinema.auth.support.Throwables;

/** What every command shares: the schema brought up to date, human lines, and the contract's exit codes. */
@Singleton
public class CommandSupport {

    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int DATABASE_UNREACHABLE = 3;

    @Inject
    Flyway flyway;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    int run(Callable<Integer> body) {
        try {
            flyway.migrate();
            return body.call();
        } catch (ApiException e) {
            return refuse(e.getMessage() + describe(e));
        } catch (Exception e) {
            if (Outages.isDependencyFailure(e) || e.getClass().getName().startsWith("org.flywaydb")) {
                System.err.println("error: cannot reach the database at " + jdbcUrl + " (" + rootMessage(e) + ")");
                return DATABASE_UNREACHABLE;
            }
            System.err.println("error: " + rootMessage(e));
            return 4;
        }
    }

    int refuse(String message) {
        System.err.println("refused: " + message);
        return REFUSED;
    }

    void say(String line) {
        System.out.println(line);
    }

    private static String describe(ApiException e) {
        if (e.errors().isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" (");
        e.errors().forEach(f -> sb.append(f.field()).append(' ').append(f.message()).append("; "));
        sb.setLength(sb.length() - 2);
        return sb.append(')').toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable t = Throwables.root(e);
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
