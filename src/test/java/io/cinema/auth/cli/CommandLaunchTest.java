package io.cinema.auth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.TestServers;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The artifact's command mode as an operator runs it: {@code Main} with a command starts the application without its
 * HTTP listener, prints human lines on standard output and logs on standard error, and exits with the command's code.
 * Each launch starts the application, so the rules of each command are tested in-process ({@link CommandTest},
 * {@link CreateClientCommandTest}) and this launches only what the entry point decides.
 */
@QuarkusMainTest
@TestProfile(CommandLaunchTest.RealDatabase.class)
class CommandLaunchTest {

    /**
     * The test database named outright: a launch right after {@link CommandWithoutDatabaseTest} could otherwise keep
     * that profile's unreachable URL (seen when surefire ran the two in that order).
     */
    public static class RealDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", TestServers.jdbcUrl(TestServers.database()));
        }
    }

    @Test
    void aCommandRunsWithoutTheServerPrintsHumanLinesAndNoSecretReachesALogLine(QuarkusMainLauncher launcher) {
        String name = "admin_" + UUID.randomUUID().toString().substring(0, 8);
        String password = "correct horse battery staple";
        LaunchResult created = launcher.launch("create-superuser", "--username", name, "--password", password);
        assertEquals(0, created.exitCode(), created.getErrorOutput());
        assertTrue(created.getOutput().contains("superuser " + name + " created"), created.getOutput());
        assertFalse(created.getOutput().contains(password) || created.getErrorOutput().contains(password));

        LaunchResult r = launcher.launch("create-client", "--name", "Catalog", "--scope", "catalog:read");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        String secret = r.getOutput().lines().filter(l -> l.startsWith("client_secret: "))
                .map(l -> l.substring("client_secret: ".length()).split(" ")[0]).findFirst().orElseThrow();
        assertTrue(secret.length() >= 43, r.getOutput());
        assertEquals(1, r.getOutput().split(secret, -1).length - 1, "printed once");
        // standard error carries the command's logs, audit lines included
        assertFalse(r.getErrorOutput().contains(secret), r.getErrorOutput());
    }
}
