package io.cinema.auth.web;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;

/** The refused-request audit line cannot be made to write lines of the caller's choosing. */
@QuarkusTest
class AuditLineTest {

    @Test
    void aPathWithLineBreaksIsLoggedEscapedOnOneLine() {
        TestUser u = signup();
        List<String> messages = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                messages.add(r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            bearer(u.accessToken()).urlEncodingEnabled(false)
                    .get("/api/v1/users/x%0D%0A12:00:00%20INFO%20audit:%20user%20root%20was%20granted%1B%5B0m")
                    .then().statusCode(403).body("code", equalTo("FORBIDDEN"));
        } finally {
            root.removeHandler(handler);
        }
        List<String> audit = messages.stream().filter(m -> m.contains("was refused")).toList();
        assertEquals(1, audit.size(), messages.toString());
        String line = audit.get(0);
        assertFalse(line.contains("\r") || line.contains("\n") || line.contains("\u001b"), line);
        assertTrue(line.contains("/api/v1/users/x\\u000d\\u000a12:00:00 INFO audit: user root was granted\\u001b[0m"),
                line);
    }
}
