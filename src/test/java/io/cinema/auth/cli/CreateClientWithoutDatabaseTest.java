package io.cinema.auth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;

@QuarkusMainTest
@TestProfile(CommandWithoutDatabaseTest.NoDatabase.class)
class CreateClientWithoutDatabaseTest {

    @Test
    @Launch(value = {"create-client", "--name", "unreachable"}, exitCode = 3)
    void anUnreachableDatabaseIsOneClearLineAndExitCode3(LaunchResult result) {
        String err = result.getErrorOutput();
        assertTrue(err.contains("cannot reach the database"), err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), err);
    }
}
