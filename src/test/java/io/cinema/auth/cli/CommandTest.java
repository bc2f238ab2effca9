package io.cinema.auth.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.TestServers;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.test.junit.QuarkusTest;

/**
 * create-superuser's and create-role's rules and exit codes, run in the test's application ({@link Commands});
 * {@link CommandLaunchTest} launches the artifact's command mode itself.
 */
@QuarkusTest
class CommandTest {

    @Inject
    PicocliCommandLineFactory commandLines;

    private Commands.Result run(String... args) {
        return Commands.run(commandLines.create(), args);
    }

    static final String PASSWORD = "correct horse battery staple";

    /** The test database, as the test profile names it, for changes no command makes. */
    private static void sql(String statement, String username) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestServers.jdbcUrl(TestServers.database()), "postgres", "");
                PreparedStatement st = c.prepareStatement(statement)) {
            st.setString(1, username);
            assertEquals(1, st.executeUpdate(), statement);
        }
    }

    private String createSuperuser() {
        String name = "admin_" + UUID.randomUUID().toString().substring(0, 8);
        Commands.Result r = run("create-superuser", "--username", name, "--password", PASSWORD);
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        return name;
    }

    @Test
    void createSuperuserCreatesOnceAndIfNotExistsIsRepeatable() {
        String name = "admin_" + UUID.randomUUID().toString().substring(0, 8);
        Commands.Result first = run("create-superuser", "--username", name, "--email", name + "@example.com",
                "--password", PASSWORD, "--if-not-exists");
        assertEquals(0, first.exitCode(), first.getErrorOutput());
        assertTrue(first.getOutput().contains("superuser " + name + " created"), first.getOutput());
        assertFalse(first.getOutput().contains(PASSWORD));

        Commands.Result again = run("create-superuser", "--username", name, "--password", PASSWORD,
                "--if-not-exists");
        assertEquals(0, again.exitCode(), again.getErrorOutput());
        assertTrue(again.getOutput().contains("already exists"), again.getOutput());

        Commands.Result refused = run("create-superuser", "--username", name, "--password", PASSWORD);
        assertEquals(1, refused.exitCode());
        assertTrue(refused.getErrorOutput().contains("exists"), refused.getErrorOutput());
    }

    @Test
    void ifNotExistsRefusesANameThatAPlainUserTookFirst() throws SQLException {
        String name = createSuperuser();
        // what a signup of the name before the first deploy leaves: a user with the role user only
        sql("DELETE FROM user_roles WHERE role_id = '00000000-0000-0000-0000-000000000002'"
                + " AND user_id = (SELECT id FROM users WHERE username = ?)", name);
        Commands.Result r = run("create-superuser", "--username", name, "--password", PASSWORD,
                "--if-not-exists");
        assertEquals(1, r.exitCode(), r.getOutput());
        assertTrue(r.getErrorOutput().contains("not an active superuser"), r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("without the superuser role"), r.getErrorOutput());
        assertFalse(r.getOutput().contains("already exists"), r.getOutput());
    }

    @Test
    void ifNotExistsRefusesADisabledSuperuser() throws SQLException {
        String name = createSuperuser();
        sql("UPDATE users SET active = false WHERE username = ?", name);
        Commands.Result r = run("create-superuser", "--username", name, "--password", PASSWORD,
                "--if-not-exists");
        assertEquals(1, r.exitCode(), r.getOutput());
        assertTrue(r.getErrorOutput().contains("a disabled superuser"), r.getErrorOutput());
        assertFalse(r.getOutput().contains("already exists"), r.getOutput());
    }

    @Test
    void createSuperuserRefusesWeakPasswordsAndBadNames() {
        Commands.Result weak = run("create-superuser", "--username", "admin_weak_" + System.nanoTime() % 100000,
                "--password", "password");
        assertEquals(1, weak.exitCode());
        assertTrue(weak.getErrorOutput().contains("password"), weak.getErrorOutput());
        Commands.Result badName = run("create-superuser", "--username", "no spaces allowed", "--password", PASSWORD);
        assertEquals(1, badName.exitCode());
    }

    @Test
    void aMissingRequiredOptionIsAUsageError() {
        Commands.Result r = run("create-superuser", "--password", PASSWORD);
        assertEquals(2, r.exitCode());
        Commands.Result unknown = run("no-such-command");
        assertEquals(2, unknown.exitCode());
    }

    @Test
    void createRoleCreatesAndRefusesAnExistingName() {
        String name = "role_" + UUID.randomUUID().toString().substring(0, 8);
        Commands.Result created = run("create-role", "--name", name, "--description", "from the CLI");
        assertEquals(0, created.exitCode(), created.getErrorOutput());
        assertTrue(created.getOutput().contains("role " + name + " created"));
        Commands.Result dup = run("create-role", "--name", name);
        assertEquals(1, dup.exitCode());
        assertTrue(dup.getErrorOutput().contains("exists"), dup.getErrorOutput());
        Commands.Result bad = run("create-role", "--name", "bad name");
        assertEquals(1, bad.exitCode());
    }
}
