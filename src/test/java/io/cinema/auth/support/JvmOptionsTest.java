package io.cinema.auth.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/jvm.options, the JVM options the README starts the service with: every option in it is one this JVM takes,
 * and each ends up with the value the file gives, set from the command line (a misspelt option stops the JVM; a value
 * another option overrides would show here as a different value).
 */
class JvmOptionsTest {

    private static final Path FILE = Path.of("deploy", "jvm.options");
    private static final Pattern XX = Pattern.compile("-XX:([A-Za-z0-9]+)=(\\S+)");
    private static final Pattern XMS = Pattern.compile("-Xms(\\d+)([kmg])");

    /** The file's options, without comments and blank lines. */
    static List<String> options() throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
            String o = line.replaceFirst("#.*", "").trim();
            if (!o.isEmpty()) {
                out.add(o);
            }
        }
        return out;
    }

    /** What the file's options should make of the JVM's flags: flag name to its value in bytes or as written. */
    static Map<String, String> expectedFlags(List<String> options) {
        Map<String, String> want = new LinkedHashMap<>();
        for (String o : options) {
            Matcher xx = XX.matcher(o);
            Matcher xms = XMS.matcher(o);
            if (xx.matches()) {
                want.put(xx.group(1), bytes(xx.group(2)));
            } else if (xms.matches()) {
                want.put("InitialHeapSize", bytes(xms.group(1) + xms.group(2)));
            } else {
                throw new AssertionError("an option this test does not know how to check: " + o);
            }
        }
        return want;
    }

    private static String bytes(String v) {
        Matcher m = Pattern.compile("(\\d+)([kmgKMG])").matcher(v);
        if (!m.matches()) {
            return v;
        }
        long n = Long.parseLong(m.group(1));
        int shift = switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            default -> 30;
        };
        return Long.toString(n << shift);
    }

    /** The final flags of {@code java @deploy/jvm.options -version}, those set from the command line only. */
    static Map<String, String> commandLineFlags(Path javaHome) throws Exception {
        Process p = new ProcessBuilder(javaHome.resolve("bin").resolve("java").toString(), "@" + FILE,
                "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> "the JVM refused the options:\n" + out);
        Map<String, String> flags = new LinkedHashMap<>();
        Pattern line = Pattern.compile("\\s*\\S+\\s+(\\w+)\\s+:?=\\s+(\\S+)\\s+\\{[^}]*\\}\\s+\\{command line\\}");
        for (String l : out.split("\n")) {
            Matcher m = line.matcher(l);
            if (m.find()) {
                flags.put(m.group(1), m.group(2));
            }
        }
        return flags;
    }

    @Test
    void everyOptionOfTheShippedFileTakesEffectOnTheTestJvm() throws Exception {
        Map<String, String> want = expectedFlags(options());
        assertFalse(want.isEmpty());
        Map<String, String> got = commandLineFlags(Path.of(System.getProperty("java.home")));
        want.forEach((flag, value) -> assertEquals(value, got.get(flag), flag));
    }

    @Test
    void everyOptionOfTheShippedFileTakesEffectOnJdk25WhereInstalled() throws Exception {
        Path jdk25;
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            jdk25 = jvms.filter(p -> p.getFileName().toString().startsWith("temurin-25")).findFirst().orElse(null);
        } catch (IOException e) {
            jdk25 = null;
        }
        Assumptions.assumeTrue(jdk25 != null && Files.isExecutable(jdk25.resolve("bin/java")), "no JDK 25 here");
        Map<String, String> want = expectedFlags(options());
        Map<String, String> got = commandLineFlags(jdk25);
        want.forEach((flag, value) -> assertEquals(value, got.get(flag), flag));
    }

    @Test
    void sizesAreReadAsTheJvmReadsThem() {
        assertEquals("16777216", expectedFlags(List.of("-Xms16m")).get("InitialHeapSize"));
        assertEquals("100663296", expectedFlags(List.of("-XX:ReservedCodeCacheSize=96m")).get("ReservedCodeCacheSize"));
        assertEquals("10000", expectedFlags(List.of("-XX:G1PeriodicGCInterval=10000")).get("G1PeriodicGCInterval"));
    }
}
