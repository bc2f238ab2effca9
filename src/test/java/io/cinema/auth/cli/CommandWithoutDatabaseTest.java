package io.cinema.auth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** Every command goes through {@code CommandSupport.run}: one launch shows what an unreachable database gives. */
@QuarkusMainTest
@TestProfile(CommandWithoutDatabaseTest.NoDatabase.class)
class CommandWithoutDatabaseTest {

    /** A datasource that points at a port where nothing listens. */
    public static class NoDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/auth",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }

    @Test
    @Launch(value = {"create-client", "--name", "unreachable"}, exitCode = 3)
    void anUnreachableDatabaseIsOneClearLineAndExitCode3(LaunchResult result) {
        String err = result.getErrorOutput();
        assertTrue(err.contains("cannot reach the database"), err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), err);
    }
}
