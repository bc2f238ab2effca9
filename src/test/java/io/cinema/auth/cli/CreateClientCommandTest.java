package io.cinema.auth.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Crypto;
import io.cinema.auth.support.TestServers;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import io.quarkus.test.junit.QuarkusTest;

/** create-client's rules, run in the test's application ({@link Commands}); {@link CommandLaunchTest} launches it. */
@QuarkusTest
class CreateClientCommandTest {

    @Inject
    PicocliCommandLineFactory commandLines;

    private Commands.Result run(String... args) {
        return Commands.run(commandLines.create(), args);
    }

    record Row(String name, List<String> scopes, List<String> roles, List<String> grants, byte[] secretHash) {
    }

    private static Row row(String clientId) throws Exception {
        try (Connection c = DriverManager.getConnection(TestServers.jdbcUrl(TestServers.database()), "postgres", "");
                PreparedStatement st = c.prepareStatement(
                        "SELECT name, scopes, roles, grant_types, secret_hash FROM clients WHERE client_id = ?")) {
            st.setString(1, clientId);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), "no client " + clientId);
                return new Row(rs.getString(1), list(rs.getArray(2)), list(rs.getArray(3)), list(rs.getArray(4)),
                        rs.getBytes(5));
            }
        }
    }

    private static List<String> list(Array a) throws Exception {
        return Arrays.asList((String[]) a.getArray());
    }

    private static String value(String output, String label) {
        return output.lines().filter(l -> l.startsWith(label + ": ")).map(l -> l.substring(label.length() + 2).split(" ")[0])
                .findFirst().orElse(null);
    }

    /** What the service stores for a secret: HMAC-SHA-256 under the test profile's service secret, derived per purpose. */
    private static byte[] storedHash(String secret) throws Exception {
        byte[] root = Files.readAllBytes(Path.of("src/test/resources/keys/service-secret.key"));
        return Crypto.hmacSha256(Crypto.hmacSha256(root, "cinema-auth/client-secret"), secret);
    }

    @Test
    void createClientPrintsItsIdAndSecretOnceAndStoresOnlyTheHash() throws Exception {
        String role = "cli_role_" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(0, run("create-role", "--name", role).exitCode());
        Commands.Result r = run("create-client", "--name", "Catalog", "--scope", "catalog:read", "--scope",
                "catalog:write", "--role", role);
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        String clientId = value(r.getOutput(), "client_id");
        String secret = value(r.getOutput(), "client_secret");
        assertTrue(r.getOutput().contains("client Catalog created"), r.getOutput());
        assertTrue(clientId != null && secret != null && secret.length() >= 43, r.getOutput());
        assertFalse(r.getErrorOutput().contains(secret), "the secret never reaches a log line");

        Row row = row(clientId);
        assertEquals("Catalog", row.name());
        assertEquals(List.of("catalog:read", "catalog:write"), row.scopes());
        assertEquals(List.of(role), row.roles());
        assertEquals(List.of("client_credentials"), row.grants());
        assertArrayEquals(storedHash(secret), row.secretHash());
    }

    @Test
    void aDeviceClientIsPublic() throws Exception {
        Commands.Result r = run("create-client", "--name", "TV", "--grant", "device_code");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertNull(value(r.getOutput(), "client_secret"), r.getOutput());
        Row row = row(value(r.getOutput(), "client_id"));
        assertEquals(List.of("device_code"), row.grants());
        assertNull(row.secretHash());
    }

    @Test
    void forbiddenRolesAndBadGrantsAreRefusedWithExitCode1() {
        for (String[] args : List.of(new String[] {"create-client", "--name", "x", "--role", "superuser"},
                new String[] {"create-client", "--name", "x", "--role", "no_such_role_" + UUID.randomUUID()},
                new String[] {"create-client", "--name", "x", "--grant", "password"},
                new String[] {"create-client", "--name", "x", "--grant", "device_code", "--grant", "client_credentials"},
                new String[] {"create-client", "--name", "x", "--scope", "has space"})) {
            Commands.Result r = run(args);
            assertEquals(1, r.exitCode(), String.join(" ", args) + ": " + r.getOutput());
            assertTrue(r.getErrorOutput().contains("refused:"), r.getErrorOutput());
            assertFalse(r.getOutput().contains("client_id"), r.getOutput());
        }
    }

    @Test
    void aMissingNameIsAUsageError() {
        assertEquals(2, run("create-client", "--scope", "a").exitCode());
    }
}
