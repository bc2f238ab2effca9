package io.cinema.auth.devmode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The local servers dev mode and the tests look for first: no embedded-server classes here (this runs in any profile). */
public final class LocalServers {

    public static final String HOST = "127.0.0.1";
    public static final int POSTGRES = 5432;
    public static final int REDIS = 6379;

    private LocalServers() {
    }

    /** Whether something listens on the loopback port, asked once with a short connect timeout. */
    public static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates the database on the PostgreSQL at the port unless it exists (user {@code postgres}, no password: the
     * embedded server trusts local connections, as the local development server does).
     */
    public static void createDatabaseIfMissing(int port, String database) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", "postgres");
        login.setProperty("password", "");
        String url = "jdbc:postgresql://" + HOST + ":" + port + "/postgres";
        try (Connection c = new org.postgresql.Driver().connect(url, login)) {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, database);
                try (ResultSet r = q.executeQuery()) {
                    if (r.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            } catch (SQLException e) {
                // 42P04: created meanwhile by someone else
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }
}
