package io.cinema.auth.email;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Every log record of the process while it is open (a handler on the root logger), fully formatted. While open, the
 * mail stack's loggers (Vert.x, Quarkus Mailer) are turned up to DEBUG, as an operator hunting a problem might: a
 * token must stay out of the logs even then.
 */
final class LogCapture implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, Runnable> watches = new java.util.concurrent.ConcurrentHashMap<>();
    private final Logger root = Logger.getLogger("");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String message = r instanceof ExtLogRecord ext ? ext.getFormattedMessage() : formatter.formatMessage(r);
            StringBuilder line = new StringBuilder().append(r.getLevel()).append(' ').append(r.getLoggerName())
                    .append(' ').append(message);
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                line.append('\n').append(w);
            }
            lines.add(line.toString());
            String text = line.toString();
            watches.forEach((needle, action) -> {
                if (text.contains(needle)) {
                    action.run();
                }
            });
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static final List<String> NOISY = List.of("io.vertx", "io.quarkus.mailer");
    private final java.util.Map<String, Level> saved = new java.util.HashMap<>();

    private LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        for (String name : NOISY) {
            Logger l = Logger.getLogger(name);
            saved.put(name, l.getLevel());
            l.setLevel(Level.FINE);
        }
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** Runs {@code action} on the logging thread, as the record is published, for each line containing the text. */
    void whenLogged(String text, Runnable action) {
        watches.put(text, action);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    void assertNowhere(String secret) {
        for (String line : lines) {
            assertFalse(line.contains(secret), "a log line carries a secret: " + line.replace(secret, "<SECRET>"));
        }
    }

    void assertSomeLineContains(String text) {
        assertTrue(lines.stream().anyMatch(l -> l.contains(text)), "no log line contains '" + text + "' in " + lines);
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        saved.forEach((name, level) -> Logger.getLogger(name).setLevel(level));
    }
}
