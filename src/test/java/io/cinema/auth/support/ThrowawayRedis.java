package io.cinema.auth.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private redis-server on a free port that a test may stop and start, leaving the machine's Redis alone: the
 * machine's {@code redis-server} when it has one (and {@code cinema.test.embedded} is not set), else the binary that
 * embedded-redis carries, so the outage tests need only Java too.
 */
public final class ThrowawayRedis implements AutoCloseable {

    private final int port;
    private final Path dir;
    private Process process;

    public ThrowawayRedis() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("redis-outage");
    }

    public int port() {
        return port;
    }

    public void start() throws IOException {
        process = new ProcessBuilder(binary(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                sleep();
            }
        }
        throw new IOException("redis-server did not start on port " + port);
    }

    private static String binary() throws IOException {
        if (!TestServers.embeddedForced()) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return redis.embedded.core.ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
    }

    /** Sends one command (RESP) and returns the reply's first line: {@code OK}, an error text, a number or a value. */
    public String command(String... args) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            StringBuilder out = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) {
                byte[] b = a.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.append('$').append(b.length).append("\r\n").append(a).append("\r\n");
            }
            s.getOutputStream().write(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.io.BufferedReader in = new java.io.BufferedReader(
                    new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line = in.readLine();
            if (line == null || line.isEmpty()) {
                throw new IOException("no reply from redis on port " + port);
            }
            return switch (line.charAt(0)) {
                case '$' -> line.equals("$-1") ? "" : in.readLine();
                case '+', '-', ':' -> line.substring(1);
                default -> line;
            };
        }
    }

    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
