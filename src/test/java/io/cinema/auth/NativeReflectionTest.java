package io.cinema.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.annotations.RegisterForReflection;
import picocli.CommandLine.Command;

/**
 * What a native binary of the service reaches by reflection or reads from the class path, against what the build
 * registered for it: the runner jar's META-INF/native-image reflect-config.json and resource-config.json in the
 * native sources. A gap here compiles fine (the native check cannot see it) and fails only when the binary runs.
 *
 * <p>Needs the native sources, so {@code ./mvnw verify} skips it: {@code .ci/checks/zz-native.sh} builds them and
 * runs it with {@code -Dnative.sources=target/native-sources}.
 */
@EnabledIfSystemProperty(named = "native.sources", matches = ".+",
        disabledReason = "needs -Dnative.sources=target/native-sources (built and run by .ci/checks/zz-native.sh)")
class NativeReflectionTest {

    /* what @RegisterForReflection gives a type, and what Jackson, Hibernate and picocli use of it */
    static final Set<String> MEMBERS = Set.of("allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields");

    /* named like a JSON body but never one: the token endpoint reads a form into it */
    static final Set<String> NOT_JSON = Set.of("io.cinema.auth.client.TokenRequest");

    /* class-path resources the service reads at run time (beyond its own db/migration and templates) */
    static final Map<String, String> RUNTIME_RESOURCES = Map.of(
            "com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt", "PasswordPolicy's common-password list",
            "ua_parser/regexes.yaml", "uap-java's rules (DeviceClassifier's CachingParser loads them)",
            "native/linux-x86_64/libauthargon2.so", "Argon2idNative's AVX2 fill (built by src/main/c/build.sh)",
            "native/linux-x86_64/libauthrsa.so", "NativeRsa's OpenSSL signer (built by src/main/c/build.sh)");
    /* the sources that read a class-path resource themselves, each reading one of RUNTIME_RESOURCES */
    static final Set<String> RESOURCE_READERS = Set.of("account/service/PasswordPolicy.java",
            "support/NativeLibrary.java");

    static final Path MAIN_SOURCES = Path.of("src/main/java/io/cinema/auth");
    static final Path MAIN_RESOURCES = Path.of("src/main/resources");

    static Path nativeSources;
    static Map<String, Set<String>> registered;
    static List<Pattern> resourceIncludes;
    static List<Pattern> resourceExcludes;
    static List<Class<?>> ours;
    static Map<String, String> sources;

    @BeforeAll
    static void readTheNativeSources() throws Exception {
        nativeSources = Path.of(System.getProperty("native.sources"));
        Path runner;
        try (Stream<Path> files = Files.list(nativeSources)) {
            runner = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no *-runner.jar in " + nativeSources));
        }
        ObjectMapper json = new ObjectMapper();
        try (JarFile jar = new JarFile(runner.toFile())) {
            // the format Quarkus 3.33 writes; reachability-metadata.json would need this test rewritten
            assertTrue(jar.getEntry("META-INF/native-image/reachability-metadata.json") == null,
                    "the runner jar has reachability-metadata.json: read the registrations from there");
            JsonNode reflect = json.readTree(
                    jar.getInputStream(jar.getEntry("META-INF/native-image/reflect-config.json")));
            registered = new HashMap<>();
            for (JsonNode entry : reflect) {
                Set<String> flags = new TreeSet<>();
                entry.fieldNames().forEachRemaining(flags::add);
                registered.computeIfAbsent(entry.get("name").asText(), k -> new TreeSet<>()).addAll(flags);
            }
            JsonNode resources = json.readTree(
                    jar.getInputStream(jar.getEntry("META-INF/native-image/resource-config.json"))).get("resources");
            resourceIncludes = patterns(resources.get("includes"));
            resourceExcludes = patterns(resources.get("excludes"));
        }
        ours = ourClasses();
        sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN_SOURCES)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(MAIN_SOURCES.relativize(p).toString(), Files.readString(p));
            }
        }
    }

    @Test
    void everyJsonMappedTypeIsRegisteredWithItsMembers() {
        List<String> missing = new ArrayList<>();
        for (Class<?> type : jsonMappedTypes()) {
            Set<String> flags = registered.getOrDefault(type.getName(), Set.of());
            if (!flags.containsAll(MEMBERS)) {
                missing.add(type.getName() + " " + flags);
            }
        }
        assertEquals(List.of(), missing, "JSON-mapped types without their members registered for reflection: "
                + "Jackson would see no properties in a native binary; add @RegisterForReflection");
    }

    @Test
    void everyEntityIsRegisteredWithItsFields() {
        List<Class<?>> entities = ours.stream().filter(c -> c.isAnnotationPresent(Entity.class)
                || c.isAnnotationPresent(Embeddable.class) || c.isAnnotationPresent(MappedSuperclass.class)).toList();
        assertFalse(entities.isEmpty(), "no entities found: the scan is broken");
        assertEquals(List.of(), unregistered(entities, Set.of("allDeclaredConstructors", "allDeclaredFields")),
                "Hibernate builds and fills entities reflectively");
    }

    @Test
    void everyCommandIsRegisteredWithItsOptions() {
        List<Class<?>> commands = ours.stream().filter(c -> c.isAnnotationPresent(Command.class)).toList();
        assertFalse(commands.isEmpty(), "no picocli commands found: the scan is broken");
        assertEquals(List.of(), unregistered(commands, MEMBERS),
                "picocli reads @Option/@Parameters fields and methods reflectively");
    }

    @Test
    void everyServiceImplementationIsRegistered() throws IOException {
        // Quarkus builds with -H:-UseServiceLoaderFeature, so a META-INF/services entry reaches the image only
        // through a registration of its own
        List<Class<?>> implementations = new ArrayList<>();
        Path services = MAIN_RESOURCES.resolve("META-INF/services");
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    String name = line.replaceAll("#.*", "").trim();
                    if (!name.isEmpty()) {
                        implementations.add(ourClass(name));
                    }
                }
            }
        }
        assertFalse(implementations.isEmpty());
        assertEquals(List.of(), unregistered(implementations, Set.of("allDeclaredConstructors")));
    }

    @Test
    void everyResourceReadAtRunTimeIsInTheImage() throws IOException {
        List<String> wanted = new ArrayList<>(RUNTIME_RESOURCES.keySet());
        for (String dir : List.of("db/migration", "templates")) {
            try (Stream<Path> files = Files.walk(MAIN_RESOURCES.resolve(dir))) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> wanted.add(MAIN_RESOURCES.relativize(f).toString().replace('\\', '/')));
            }
        }
        for (String resource : RUNTIME_RESOURCES.keySet()) {
            assertNotNull(getClass().getClassLoader().getResource(resource), resource + " is on no class path");
        }
        List<String> missing = wanted.stream().filter(r -> !included(r)).toList();
        assertEquals(List.of(), missing, "resources a native binary reads but does not carry: add them to "
                + "quarkus.native.resources.includes");
    }

    @Test
    void noSourceReadsAClassPathResourceThisTestDoesNotKnow() {
        // a new one must join RUNTIME_RESOURCES and quarkus.native.resources.includes: the image carries no
        // resource that nobody named
        Pattern readsResource = Pattern.compile(
                "(getClassLoader\\(\\)|\\.class|ClassLoader)\\s*\\.get(System)?Resource(s|AsStream)?\\(");
        Set<String> readers = sources.entrySet().stream()
                .filter(e -> readsResource.matcher(e.getValue()).find())
                .map(Map.Entry::getKey).map(p -> p.replace('\\', '/')).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(RESOURCE_READERS), readers);
    }

    @Test
    void theImageCarriesNoBouncyCastleAndReachesZxingOnlyThroughPlainCalls() throws IOException {
        // ZXing's core (QR encoding) is plain method calls, which native-image follows; what would need registrations
        // is Bouncy Castle as a JCA provider (its services are found by class name) or ZXing's java.awt writer.
        // Bouncy Castle is a test dependency only (Blake2b and PEM are the service's own): its signed jar costs the
        // JVM a signature check of its manifest at start-up
        Pattern jcaProvider = Pattern.compile("BouncyCastleProvider|Security\\.(add|insert)Provider|\"BC\"\\)");
        Pattern awt = Pattern.compile("(?m)^import (java\\.awt|javax\\.imageio|com\\.google\\.zxing\\.client\\.j2se)");
        for (Map.Entry<String, String> source : sources.entrySet()) {
            assertFalse(jcaProvider.matcher(source.getValue()).find(),
                    source.getKey() + " uses Bouncy Castle as a JCA provider: register its services for reflection");
            assertFalse(awt.matcher(source.getValue()).find(),
                    source.getKey() + " draws with java.awt: the image needs quarkus-awt and its native libraries");
        }
        try (Stream<Path> lib = Files.list(nativeSources.resolve("lib"))) {
            assertEquals(List.of(), lib.map(p -> p.getFileName().toString())
                    .filter(n -> n.contains("zxing.javase") || n.contains("bouncycastle") || n.contains("quarkus-awt"))
                    .toList());
        }
        assertFalse(Files.readString(nativeSources.resolve("native-image.args")).contains("AwtFeature"));
    }

    /*
     * The types Jackson maps: every *Request and *Response record, every type with a Jackson annotation or
     * @RegisterForReflection, every type the sources hand to an ObjectMapper, a Panache projection or a JAX-RS
     * Response as its entity (Quarkus infers only what resource methods declare), and, inside them, every type of
     * ours a field or record component holds.
     */
    static Set<Class<?>> jsonMappedTypes() {
        Deque<Class<?>> queue = new ArrayDeque<>();
        for (Class<?> c : ours) {
            String simple = c.getSimpleName();
            boolean named = c.isRecord() && (simple.endsWith("Request") || simple.endsWith("Response"))
                    && !NOT_JSON.contains(c.getName());
            if (named || c.isAnnotationPresent(RegisterForReflection.class) || hasJacksonAnnotation(c)) {
                queue.add(c);
            }
        }
        Pattern handedToJackson = Pattern.compile("(?:readValue|convertValue)\\([^;]*?,\\s*(\\w+)\\.class"
                + "|writeValueAsString\\(\\s*new\\s+(\\w+)\\(" + "|\\.project\\((\\w+)\\.class"
                + "|Response\\.(?:ok|accepted)\\(\\s*new\\s+(\\w+)\\(" + "|\\.entity\\(\\s*(?:new\\s+)?(\\w+)[.(]");
        Map<String, List<Class<?>>> bySimpleName = ours.stream().collect(Collectors.groupingBy(Class::getSimpleName));
        for (String text : sources.values()) {
            Matcher m = handedToJackson.matcher(text);
            while (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    if (m.group(g) != null) {
                        queue.addAll(bySimpleName.getOrDefault(m.group(g), List.of()));
                    }
                }
            }
        }
        Set<Class<?>> found = new java.util.LinkedHashSet<>();
        while (!queue.isEmpty()) {
            Class<?> c = queue.poll();
            if (!found.add(c) || c.isEnum()) {
                continue;
            }
            List<Type> held = new ArrayList<>();
            if (c.isRecord()) {
                Arrays.stream(c.getRecordComponents()).map(RecordComponent::getGenericType).forEach(held::add);
            } else {
                Arrays.stream(c.getDeclaredFields())
                        .filter(f -> !Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers()))
                        .map(Field::getGenericType).forEach(held::add);
            }
            for (Type t : held) {
                ourTypesIn(t, queue);
            }
        }
        return found;
    }

    static void ourTypesIn(Type t, Deque<Class<?>> into) {
        if (t instanceof Class<?> c) {
            if (c.isArray()) {
                ourTypesIn(c.getComponentType(), into);
            } else if (c.getName().startsWith("io.cinema.auth.") && !c.isAnnotationPresent(Entity.class)) {
                into.add(c);
            }
        } else if (t instanceof ParameterizedType p) {
            ourTypesIn(p.getRawType(), into);
            Arrays.stream(p.getActualTypeArguments()).forEach(a -> ourTypesIn(a, into));
        } else if (t instanceof GenericArrayType a) {
            ourTypesIn(a.getGenericComponentType(), into);
        }
    }

    static boolean hasJacksonAnnotation(Class<?> c) {
        List<AnnotatedElement> elements = new ArrayList<>(List.of(c));
        elements.addAll(Arrays.asList(c.getDeclaredFields()));
        elements.addAll(Arrays.asList(c.getDeclaredMethods()));
        if (c.isRecord()) {
            elements.addAll(Arrays.asList(c.getRecordComponents()));
        }
        return elements.stream().flatMap(e -> Arrays.stream(e.getDeclaredAnnotations()))
                .map(Annotation::annotationType)
                .anyMatch(a -> a.getName().startsWith("com.fasterxml.jackson."));
    }

    static List<String> unregistered(List<Class<?>> types, Set<String> flags) {
        return types.stream().filter(c -> !registered.getOrDefault(c.getName(), Set.of()).containsAll(flags))
                .map(c -> c.getName() + " " + registered.getOrDefault(c.getName(), Set.of())).toList();
    }

    static boolean included(String resource) {
        return resourceIncludes.stream().anyMatch(p -> p.matcher(resource).matches())
                && resourceExcludes.stream().noneMatch(p -> p.matcher(resource).matches());
    }

    static List<Pattern> patterns(JsonNode list) {
        List<Pattern> out = new ArrayList<>();
        for (JsonNode entry : list) {
            assertNotNull(entry.get("pattern"), "a resource entry in a form this test does not read: " + entry);
            out.add(Pattern.compile(entry.get("pattern").asText()));
        }
        return out;
    }

    /* every class compiled from src/main/java, loaded without initialising it */
    static List<Class<?>> ourClasses() throws Exception {
        Path classes = Path.of(
                io.cinema.auth.cli.Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('/', '.').replace('\\', '.'))
                    .map(n -> n.substring(0, n.length() - ".class".length()))
                    .filter(n -> !n.endsWith("package-info"))
                    .sorted()
                    .map(NativeReflectionTest::ourClass)
                    .toList();
        }
    }

    static Class<?> ourClass(String name) {
        try {
            return Class.forName(name, false, NativeReflectionTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }
}
