package io.cinema.auth.social;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.resolution.ArtifactResult;

import io.quarkus.bootstrap.resolver.maven.MavenArtifactResolver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real OpenID Connect provider for the tests: navikt's mock-oauth2-server, run as a separate process because its
 * dependencies (Kotlin, its own Jackson, Netty and Nimbus versions) clash with Quarkus's in the test JVM. Its class
 * path is resolved from the local Maven repository with Quarkus's own resolver (the artifact's own dependency versions,
 * not our BOM's). Its interactive login form takes a username (the subject) and a JSON object of extra claims, which
 * override the defaults, so a test can make it issue a wrong audience or nonce.
 *
 * <p>
 * Configures these providers: {@code mock} (OIDC), {@code plain} (OAuth 2.0 with user info), {@code trusting}
 * (OAuth 2.0, trust-email), {@code down} (OIDC whose issuer does not answer), {@code tokendown} (OAuth 2.0 whose token
 * endpoint does not answer), {@code off} (disabled) and {@code noclient} (enabled without a client id).
 */
public class MockOAuth2Server implements QuarkusTestResourceLifecycleManager {

    static final String ARTIFACT = "no.nav.security:mock-oauth2-server:jar:"
            + System.getProperty("mock-oauth2-server.version", "2.1.10");
    static final String MAIN = "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt";
    public static final String CLIENT_ID = "cinema-web";
    public static final String CLIENT_SECRET = "mock-secret";

    private static volatile String base;
    private Process process;

    /** The server's base URL, e.g. {@code http://127.0.0.1:41234}. */
    public static String base() {
        return base;
    }

    @Override
    public Map<String, String> start() {
        int port = freePort();
        int closed = freePort();
        String url = "http://127.0.0.1:" + port;
        try {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp", classpath(), MAIN);
            pb.environment().put("SERVER_PORT", Integer.toString(port));
            pb.environment().put("SERVER_HOSTNAME", "127.0.0.1");
            pb.redirectErrorStream(true);
            pb.redirectOutput(new File("target/mock-oauth2-server.log"));
            process = pb.start();
            waitUntilAlive(url, process);
        } catch (IOException e) {
            stop();
            throw new IllegalStateException("mock-oauth2-server did not start", e);
        }
        base = url;
        Map<String, String> c = new HashMap<>();
        provider(c, "mock", "oidc", true, CLIENT_ID);
        c.put("auth.social.mock.issuer", url + "/mock");
        c.put("auth.social.mock.client-secret", CLIENT_SECRET);
        oauth2(c, "plain", url, url + "/plain/token");
        oauth2(c, "trusting", url, url + "/trusting/token");
        c.put("auth.social.trusting.trust-email", "true");
        oauth2(c, "tokendown", url, "http://127.0.0.1:" + closed + "/tokendown/token");
        provider(c, "down", "oidc", true, CLIENT_ID);
        c.put("auth.social.down.issuer", "http://127.0.0.1:" + closed + "/down");
        provider(c, "off", "oidc", false, CLIENT_ID);
        c.put("auth.social.off.issuer", url + "/off");
        provider(c, "noclient", "oidc", true, null);
        c.put("auth.social.noclient.issuer", url + "/noclient");
        return c;
    }

    private static void provider(Map<String, String> c, String name, String kind, boolean enabled, String clientId) {
        c.put("auth.social." + name + ".kind", kind);
        c.put("auth.social." + name + ".enabled", Boolean.toString(enabled));
        // the mock provider serves plain http on 127.0.0.1
        c.put("auth.social." + name + ".allow-insecure-http", "true");
        if (clientId != null) {
            c.put("auth.social." + name + ".client-id", clientId);
        }
    }

    private static void oauth2(Map<String, String> c, String name, String url, String tokenEndpoint) {
        provider(c, name, "oauth2", true, CLIENT_ID);
        c.put("auth.social." + name + ".client-secret", CLIENT_SECRET);
        c.put("auth.social." + name + ".authorization-endpoint", url + "/" + name + "/authorize");
        c.put("auth.social." + name + ".token-endpoint", tokenEndpoint);
        c.put("auth.social." + name + ".userinfo-endpoint", url + "/" + name + "/userinfo");
        c.put("auth.social." + name + ".scopes", "openid,email");
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
            process = null;
        }
        base = null;
    }

    static String classpath() {
        try {
            MavenArtifactResolver resolver = MavenArtifactResolver.builder().setWorkspaceDiscovery(false).build();
            List<ArtifactResult> results = resolver.resolveDependencies(new DefaultArtifact(ARTIFACT), List.of())
                    .getArtifactResults();
            return results.stream().map(r -> r.getArtifact().getFile().getAbsolutePath())
                    .collect(Collectors.joining(File.pathSeparator));
        } catch (Exception e) {
            throw new IllegalStateException("cannot resolve " + ARTIFACT + " from the Maven repository", e);
        }
    }

    private static void waitUntilAlive(String url, Process process) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/isalive"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("mock-oauth2-server did not answer /isalive (exited: " + !process.isAlive()
                + "); see target/mock-oauth2-server.log");
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
