package io.cinema.auth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

@QuarkusMainTest
class CommandTest {

    static final String PASSWORD = "correct horse battery staple";

    @Test
    void createSuperuserCreatesOnceAndIfNotExistsIsRepeatable(QuarkusMainLauncher launcher) {
        String name = "admin_" + UUID.randomUUID().toString().substring(0, 8);
        LaunchResult first = launcher.launch("create-superuser", "--username", name, "--email", name + "@example.com",
                "--password", PASSWORD, "--if-not-exists");
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        assertTrue(first.getOutput().contains("superuser " + name + " created"), first.getOutput());
        assertFalse(first.getOutput().contains(PASSWORD));

        LaunchResult again = launcher.launch("create-superuser", "--username", name, "--password", PASSWORD,
                "--if-not-exists");
        assertEquals(0, again.exitCode(), again.getErrorOutput());
        assertTrue(again.getOutput().contains("already exists"), again.getOutput());

        LaunchResult refused = launcher.launch("create-superuser", "--username", name, "--password", PASSWORD);
        assertEquals(1, refused.exitCode());
        assertTrue(refused.getErrorOutput().contains("exists"), refused.getErrorOutput());
    }

    @Test
    void createSuperuserRefusesWeakPasswordsAndBadNames(QuarkusMainLauncher launcher) {
        LaunchResult weak = launcher.launch("create-superuser", "--username", "admin_weak_" + System.nanoTime() % 100000,
                "--password", "password");
        assertEquals(1, weak.exitCode());
        assertTrue(weak.getErrorOutput().contains("password"), weak.getErrorOutput());
        LaunchResult badName = launcher.launch("create-superuser", "--username", "no spaces allowed", "--password", PASSWORD);
        assertEquals(1, badName.exitCode());
    }

    @Test
    void aMissingRequiredOptionIsAUsageError(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("create-superuser", "--password", PASSWORD);
        assertEquals(2, r.exitCode());
        LaunchResult unknown = launcher.launch("no-such-command");
        assertEquals(2, unknown.exitCode());
    }

    @Test
    void createRoleCreatesAndRefusesAnExistingName(QuarkusMainLauncher launcher) {
        String name = "role_" + UUID.randomUUID().toString().substring(0, 8);
        LaunchResult created = launcher.launch("create-role", "--name", name, "--description", "from the CLI");
        assertEquals(0, created.exitCode(), created.getErrorOutput());
        assertTrue(created.getOutput().contains("role " + name + " created"));
        LaunchResult dup = launcher.launch("create-role", "--name", name);
        assertEquals(1, dup.exitCode());
        assertTrue(dup.getErrorOutput().contains("exists"), dup.getErrorOutput());
        LaunchResult bad = launcher.launch("create-role", "--name", "bad name");
        assertEquals(1, bad.exitCode());
    }
}
