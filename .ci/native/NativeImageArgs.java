/*
 * The part of GraalVM's native-image driver that CI needs, for the pinned builder (25.0.4) on Temurin 25: the driver
 * (com.oracle.svm.driver.NativeImage in GraalVM's sources, the reference for every rule below) is on no registry.
 * Reads a native-image.args as Quarkus writes it (-Dquarkus.native.sources-only=true) and writes the builder's two
 * argument files; prints each translation. Fails on any option, manifest value or native-image.properties key it
 * does not know, rather than guessing: a new option from Quarkus or a dependency must be taught here on purpose.
 *
 *   java <the builder's module flags> NativeImageArgs.java <native-image.args> <work dir> <C library dir> <-Xmx>
 *
 * .ci/native-compile.sh runs it with the builder's module flags, so the boot layer it sees is the builder's: the
 * --add-exports it writes are then exactly the JDK's unexported packages in that layer. Output in <work dir>:
 * builder-jvm.args (a java @argfile) and builder-image.args (NUL-separated, read through --image-args-file=).
 */

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

public class NativeImageArgs {

    static final String BUILDER_MODULE = "org.graalvm.nativeimage.builder";
    static final String BUILDER_MAIN = "com.oracle.svm.hosted.NativeImageGeneratorRunner";
    /* what `native-image --version` of GraalVM CE 25.0.4 reports; Quarkus's build steps check the vendor version */
    static final List<String> VENDOR_PROPERTIES = List.of(
            "-Dorg.graalvm.vendor=GraalVM Community",
            "-Dorg.graalvm.vendorurl=https://www.graalvm.org/",
            "-Dorg.graalvm.vendorversion=GraalVM CE 25.0.4+9.1",
            "-Dorg.graalvm.version=25.0.4");

    /*
     * The API options (--name) met so far, as the driver lowers them: the builder option and, for options that take
     * no value, the value they stand for. From the @APIOption annotations in the svm 25.0.4 jar (javap -v).
     */
    record Api(String builderOption, String bareValue, boolean takesValue, String valueSuffix) {
    }

    static final Map<String, Api> API_OPTIONS = Map.ofEntries(
            Map.entry("--no-fallback", new Api("-H:FallbackThreshold=", "0", false, null)),
            Map.entry("--link-at-build-time", new Api("-H:LinkAtBuildTime=", "", true, null)),
            Map.entry("--features", new Api("-H:Features=", null, true, null)),
            Map.entry("--enable-url-protocols", new Api("-H:EnableURLProtocols=", null, true, null)),
            Map.entry("--enable-http", new Api("-H:EnableURLProtocols=", "http", false, null)),
            Map.entry("--enable-https", new Api("-H:EnableURLProtocols=", "https", false, null)),
            Map.entry("--enable-monitoring", new Api("-H:EnableMonitoringFeatures=", null, true, null)),
            Map.entry("--enable-native-access", new Api("-H:EnableNativeAccess=", null, true, null)),
            Map.entry("--add-exports", new Api("-H:AddExports=", null, true, null)),
            Map.entry("--add-opens", new Api("-H:AddOpens=", null, true, null)),
            // ClassInitializationOptions' value transformers: each comma-separated class or package gets the suffix
            Map.entry("--initialize-at-build-time", new Api("-H:ClassInitialization=", "", true, ":build_time")),
            Map.entry("--initialize-at-run-time", new Api("-H:ClassInitialization=", "", true, ":run_time")));

    /* META-INF/native-image config files and the builder option that loads each from the image class path */
    static final Map<String, String> CONFIG_FILES = Map.of(
            "reachability-metadata.json", "-H:ReachabilityMetadataResources=",
            "jni-config.json", "-H:JNIConfigurationResources=",
            "reflect-config.json", "-H:ReflectionConfigurationResources=",
            "resource-config.json", "-H:ResourceConfigurationResources=",
            "proxy-config.json", "-H:DynamicProxyConfigurationResources=",
            "serialization-config.json", "-H:SerializationConfigurationResources=",
            "serialization-deny-config.json", "-H:SerializationDenyConfigurationResources=",
            "predefined-classes-config.json", "-H:PredefinedClassesConfigurationResources=");
    /* the driver's order (MetaInfFileType): properties first, then the config files */
    static final List<String> META_INF_ORDER = List.of("native-image.properties", "reachability-metadata.json",
            "jni-config.json", "reflect-config.json", "resource-config.json", "proxy-config.json",
            "serialization-config.json", "serialization-deny-config.json", "predefined-classes-config.json");

    record Exclusion(Pattern jar, Pattern resource) {
    }

    final List<String> imageArgs = new ArrayList<>();
    final List<String> javaArgs = new ArrayList<>();
    final List<String> userJavaArgs = new ArrayList<>();
    final LinkedHashSet<Path> classPath = new LinkedHashSet<>();
    final List<Exclusion> exclusions = new ArrayList<>();
    String imageName;
    Path jar;
    int configFiles;
    int propertyFiles;

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            fail("usage: NativeImageArgs <native-image.args> <work dir> <C library dir> <builder -Xmx>");
        }
        Path argsFile = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of(args[1]).toAbsolutePath();
        new NativeImageArgs().translate(argsFile, work, Path.of(args[2]).toAbsolutePath(), args[3]);
    }

    static void fail(String message) {
        System.err.println("NativeImageArgs: " + message);
        System.exit(2);
    }

    void translate(Path argsFile, Path work, Path cLibraries, String xmx) throws IOException {
        String text = Files.readString(argsFile);
        // Quarkus joins the arguments with spaces and quotes nothing; a quote would mean a format we do not read
        if (text.contains("\"") || text.contains("'")) {
            fail(argsFile + " contains quotes: this translator reads only space-separated arguments");
        }
        Deque<String> queue = new ArrayDeque<>();
        for (String arg : text.trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                queue.add(arg);
            }
        }
        Path sources = argsFile.getParent();
        imageArgs.add("-H:CLibraryPath=" + cLibraries);
        // the builder runs in the work dir, as the driver sets -H:Path to its own: relative paths in other -H:
        // options resolve there (Quarkus writes one, BuildOutputJSONFile, an output)
        imageArgs.add(withOrigin("-H:Path=" + work, "driver"));
        List<String> positional = new ArrayList<>();
        while (!queue.isEmpty()) {
            String arg = queue.poll();
            if (arg.equals("-jar")) {
                jar = sources.resolve(required(queue, arg)).normalize();
            } else if (arg.equals("--exclude-config")) {
                exclusions.add(new Exclusion(Pattern.compile(required(queue, arg)),
                        Pattern.compile(required(queue, arg))));
                System.out.println("  " + arg + " " + exclusions.getLast());
            } else if (!arg.startsWith("-")) {
                positional.add(arg);
            } else if (!consume(arg, "user", userJavaArgs)) {
                fail("unknown option '" + arg + "' in " + argsFile
                        + ": teach .ci/native/NativeImageArgs.java how native-image 25.0.4 reads it");
            }
        }
        if (jar == null) {
            fail(argsFile + " builds no -jar: only Quarkus's jar form is supported");
        }
        if (positional.size() > 1) {
            fail("more than one image name in " + argsFile + ": " + positional);
        }
        // -jar: the manifest gives the main class, the class path and module flags; the jar's base name is the image
        // name unless one was given
        readManifest(jar);
        imageName = positional.isEmpty() ? jar.getFileName().toString().replaceFirst("\\.jar$", "") : positional.get(0);
        addToClassPath(jar, true);
        // as the driver lowers -o <name> (an API option): the builder then does not list it as experimental
        imageArgs.add(withOrigin("-H:Name=" + imageName, "user+api"));
        imageArgs.add(withOrigin("-H:ImageBuildID="
                + UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)), "driver"));
        // ours: stop once the object file is written (the final link needs what no registry serves), and keep it
        imageArgs.add(withOrigin("-H:+ExitAfterRelocatableImageWrite", "driver"));
        imageArgs.add(withOrigin("-H:TempDirectory=" + work.resolve("tmp"), "driver"));

        Files.createDirectories(work);
        Files.write(work.resolve("builder-jvm.args"), argFileLines(jvmArgs(xmx)), StandardCharsets.UTF_8);
        List<String> builderArgs = new ArrayList<>();
        builderArgs.add("-imagecp");
        builderArgs.add(classPath.stream().map(Path::toString).collect(Collectors.joining(":")));
        builderArgs.addAll(imageArgs);
        Files.writeString(work.resolve("builder-image.args"), String.join("\0", builderArgs));
        System.out.printf("translated: image %s, main class from %s, %d class-path entries, %d native-image.properties,"
                + " %d config files%n", imageName, jar.getFileName(), classPath.size(), propertyFiles, configFiles);
    }

    static String required(Deque<String> queue, String option) {
        String value = queue.poll();
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    /*
     * One option of native-image's command line or of a jar's native-image.properties Args. The origin tags each
     * builder option the way the driver does (-H:Name@origin=value): the builder uses it, e.g. a bare
     * --link-at-build-time from the command line covers every class, from a jar only that jar's classes.
     */
    boolean consume(String arg, String origin, List<String> javaArgsTarget) {
        if (arg.startsWith("-J")) {
            if (arg.length() == 2) {
                fail("-J must be followed by the JVM option without a space");
            }
            javaArgsTarget.add(arg.substring(2));
            System.out.println("  " + arg + "  ->  builder JVM " + arg.substring(2));
            return true;
        }
        if (arg.startsWith("-D")) {
            javaArgsTarget.add(arg);
            System.out.println("  " + arg + "  ->  builder JVM " + arg);
            return true;
        }
        if (arg.matches("-O[0-3bs]")) {
            // the driver's optimization level: -O<level> is -H:Optimize=<level> (b: quick build, as the CI check asks)
            String builderArg = withOrigin("-H:Optimize=" + arg.substring(2), origin + "+api");
            imageArgs.add(builderArg);
            System.out.println("  " + arg + "  ->  " + builderArg);
            return true;
        }
        if (arg.startsWith("-H:") || arg.startsWith("-R:")) {
            imageArgs.add(withOrigin(arg, origin));
            System.out.println("  " + arg);
            return true;
        }
        int eq = arg.indexOf('=');
        String name = eq < 0 ? arg : arg.substring(0, eq);
        Api api = API_OPTIONS.get(name);
        if (api == null) {
            return false;
        }
        String value;
        if (eq < 0) {
            if (api.bareValue() == null) {
                fail(arg + " needs a value (" + name + "=...)");
            }
            value = api.bareValue();
        } else {
            if (!api.takesValue()) {
                fail(name + " takes no value: " + arg);
            }
            value = arg.substring(eq + 1);
        }
        if (api.valueSuffix() != null) {
            String[] parts = value.split(",");
            value = parts.length == 0 ? api.valueSuffix()
                    : java.util.Arrays.stream(parts).map(p -> p + api.valueSuffix()).collect(Collectors.joining(","));
        }
        String builderArg = withOrigin(api.builderOption() + value, origin + "+api");
        imageArgs.add(builderArg);
        System.out.println("  " + arg + "  ->  " + builderArg);
        return true;
    }

    /* the driver's injectHostedOptionOrigin: -H:+Flag@origin, -H:Name@origin=value */
    static String withOrigin(String option, String origin) {
        if (!option.startsWith("-H:")) {
            return option;
        }
        char first = option.length() > 3 ? option.charAt(3) : 0;
        int eq = option.indexOf('=');
        if (first == '+' || first == '-') {
            if (eq >= 0) {
                fail("malformed boolean option '" + option + "' from " + origin);
            }
            return option + "@" + origin;
        }
        if (eq < 0) {
            fail("malformed option '" + option + "' ('=' missing) from " + origin);
        }
        return option.substring(0, eq) + "@" + origin + option.substring(eq);
    }

    void readManifest(Path jarPath) throws IOException {
        try (JarFile jarFile = new JarFile(jarPath.toFile())) {
            Attributes attributes = jarFile.getManifest() == null ? null : jarFile.getManifest().getMainAttributes();
            if (attributes == null || attributes.getValue("Main-Class") == null) {
                fail("no Main-Class in the manifest of " + jarPath);
            }
            imageArgs.add(withOrigin("-H:Class=" + attributes.getValue("Main-Class"), "driver"));
            for (String header : List.of("Add-Opens", "Add-Exports")) {
                String value = attributes.getValue(header);
                if (value != null) {
                    for (String module : value.trim().split(" +")) {
                        imageArgs.add("-H:" + header.replace("-", "") + "=" + module + "=ALL-UNNAMED");
                    }
                }
            }
            String nativeAccess = attributes.getValue("Enable-Native-Access");
            if (nativeAccess != null) {
                if (!nativeAccess.trim().equals("ALL-UNNAMED")) {
                    fail("Enable-Native-Access: " + nativeAccess + " in " + jarPath + " (only ALL-UNNAMED is allowed)");
                }
                javaArgs.add("--enable-native-access=ALL-UNNAMED");
            }
            System.out.println("  -jar " + jarPath.getFileName() + "  ->  main class "
                    + attributes.getValue("Main-Class") + ", manifest " + attributes.keySet());
        }
    }

    /*
     * As the driver: the entry, then what its manifest's Class-Path names (relative to the jar), then the entry's
     * META-INF/native-image. A missing entry of the runner jar's Class-Path is an error here (a broken
     * native-sources); a dependency's own Class-Path may name jars that were never meant to exist (cron-utils names
     * slf4j-api-2.0.7.jar next to itself): the driver tolerates those, and so does this.
     */
    void addToClassPath(Path entry, boolean strict) throws IOException {
        if (!Files.isRegularFile(entry)) {
            if (strict) {
                fail("class-path entry " + entry + " does not exist");
            }
            System.out.println("  (skipped class-path entry " + entry + ": it does not exist)");
            return;
        }
        if (!classPath.add(entry)) {
            return;
        }
        List<Path> manifestClassPath = new ArrayList<>();
        try (JarFile jarFile = new JarFile(entry.toFile())) {
            String value = jarFile.getManifest() == null ? null
                    : jarFile.getManifest().getMainAttributes().getValue("Class-Path");
            if (value != null) {
                for (String cp : value.trim().split(" +")) {
                    manifestClassPath.add(entry.getParent().resolve(cp).normalize());
                }
            }
        }
        boolean isRunnerJar = entry.equals(jar);
        for (Path cp : manifestClassPath) {
            addToClassPath(cp, isRunnerJar);
        }
        readMetaInf(entry);
    }

    void readMetaInf(Path jarPath) throws IOException {
        try (JarFile jarFile = new JarFile(jarPath.toFile())) {
            List<JarEntry> entries = jarFile.stream()
                    .filter(e -> !e.isDirectory() && e.getName().startsWith("META-INF/native-image/"))
                    .toList();
            for (String fileName : META_INF_ORDER) {
                for (JarEntry e : entries) {
                    String resource = e.getName();
                    if (!resource.equals(fileName) && !resource.endsWith("/" + fileName)) {
                        continue;
                    }
                    if (isExcluded(jarPath, "/" + resource)) {
                        System.out.println("  excluded " + jarPath.getFileName() + "!/" + resource);
                        continue;
                    }
                    String origin = "jar:" + jarPath.toUri() + "!/" + resource;
                    if (fileName.equals("native-image.properties")) {
                        try (InputStream in = jarFile.getInputStream(e)) {
                            System.out.println("  " + jarPath.getFileName() + "!/" + resource + ":");
                            readProperties(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, origin);
                        }
                        propertyFiles++;
                    } else {
                        imageArgs.add(withOrigin(CONFIG_FILES.get(fileName) + resource, origin + "+api"));
                        configFiles++;
                    }
                }
            }
            for (JarEntry e : entries) {
                if (e.getName().endsWith("/foreign-config.json")) {
                    fail(jarPath + "!/" + e.getName() + ": the builder 25.0.4 has no option to read it");
                }
            }
        }
    }

    boolean isExcluded(Path jarPath, String resource) {
        return exclusions.stream().anyMatch(x -> x.jar().matcher(jarPath.toString()).find()
                && x.resource().matcher(resource).find());
    }

    void readProperties(String text, String resource, String origin) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        String componentDir = resource.substring(0, resource.lastIndexOf('/'));
        for (String key : properties.stringPropertyNames()) {
            if (!Set.of("Args", "JavaArgs", "ImageName").contains(key)) {
                fail(origin + ": property '" + key + "' is not known to this translator");
            }
        }
        for (String key : List.of("ImageName", "JavaArgs", "Args")) {
            String value = properties.getProperty(key);
            if (value == null) {
                continue;
            }
            for (String part : value.trim().split("\\s+")) {
                if (part.contains("${*}")) {
                    fail(origin + ": ${*} needs the -V values of the driver, which this translator does not take");
                }
                String resolved = part.replace("${.}", componentDir)
                        .replace("${java.home}", System.getProperty("java.home"));
                switch (key) {
                    case "ImageName" -> imageArgs.add(withOrigin("-H:Name=" + resolved, origin));
                    case "JavaArgs" -> javaArgs.add(resolved);
                    default -> {
                        if (!consume(resolved, origin, javaArgs)) {
                            fail(origin + ": Args entry '" + resolved + "' is not known to this translator");
                        }
                    }
                }
            }
        }
    }

    /* the builder JVM's arguments, in the driver's order, ending with the builder's main class */
    List<String> jvmArgs(String xmx) {
        List<String> args = new ArrayList<>();
        // GraalVM's graal-compiler-flags for JDK 25 (mx_substratevm.py): JVMCI on, the builder's GC
        args.addAll(List.of("-XX:+UseParallelGC", "-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "-XX:-UseJVMCICompiler",
                "-Dtruffle.TrustAllTruffleRuntimeProviders=true",
                "-Dtruffle.TruffleRuntime=com.oracle.truffle.api.impl.DefaultTruffleRuntime",
                "-Dgraalvm.ForcePolyglotInvalid=true", "-Dgraalvm.locatorDisabled=true"));
        Set<String> builderModules = ModuleLayer.boot().modules().stream()
                .filter(m -> m.getDescriptor() != null && !isSystemModule(m))
                .map(Module::getName).collect(Collectors.toCollection(TreeSet::new));
        if (!builderModules.contains(BUILDER_MODULE)) {
            fail("run me with the builder's module flags: " + BUILDER_MODULE + " is not in the boot layer");
        }
        // and every JDK package the boot layer does not export, to the builder's modules (mx exports what each
        // builder module requires; the union of those is a subset of this)
        String targets = String.join(",", builderModules);
        ModuleLayer.boot().modules().stream().filter(NativeImageArgs::isSystemModule)
                .sorted(java.util.Comparator.comparing(Module::getName))
                .forEach(m -> m.getPackages().stream().sorted()
                        .filter(p -> !m.isExported(p))
                        .forEach(p -> args.add("--add-exports=" + m.getName() + "/" + p + "=" + targets)));
        args.add("-Xss10m");
        args.add("-Xmx" + xmx);
        args.add("-Djava.awt.headless=true");
        args.addAll(VENDOR_PROPERTIES);
        args.add("-Dcom.oracle.graalvm.isaot=true");
        args.add("-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader");
        args.add("-Dorg.graalvm.nativeimage.imagecode=buildtime");
        // a custom system class loader and CDS do not mix (the JVM warns and drops the archive)
        args.add("-Xshare:off");
        args.addAll(javaArgs);
        args.addAll(List.of("-Djdk.internal.lambda.disableEagerInitialization=true",
                "-Djdk.internal.lambda.eagerlyInitialize=false",
                "-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false",
                "-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1",
                "-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false"));
        args.addAll(userJavaArgs);
        args.add("--add-modules=ALL-DEFAULT");
        String modulePath = System.getProperty("jdk.module.path");
        String upgradePath = System.getProperty("jdk.module.upgrade.path");
        if (modulePath == null || upgradePath == null) {
            fail("run me with --module-path and --upgrade-module-path as the builder runs");
        }
        // the driver lets every builder module on the module path call native code (the upgraded compiler is not)
        Set<String> modulePathModules = ModuleFinder.of(java.util.Arrays.stream(modulePath.split(":"))
                        .map(Path::of).toArray(Path[]::new)).findAll().stream()
                .map(ModuleReference::descriptor).map(ModuleDescriptor::name)
                .filter(builderModules::contains)
                .collect(Collectors.toCollection(TreeSet::new));
        args.add("--enable-native-access=" + String.join(",", modulePathModules));
        args.addAll(List.of("--upgrade-module-path", upgradePath, "--module-path", modulePath));
        args.addAll(List.of("--module", BUILDER_MODULE + "/" + BUILDER_MAIN));
        return args;
    }

    /* from the JDK's image (jrt:), not from the module path or the upgrade path (the compiler jar) */
    static boolean isSystemModule(Module m) {
        return ModuleLayer.boot().configuration().findModule(m.getName())
                .flatMap(r -> r.reference().location()).map(u -> "jrt".equals(u.getScheme())).orElse(false);
    }

    /* one argument a line, quoted as the java launcher's @argfile reads it */
    static List<String> argFileLines(List<String> args) {
        return args.stream().map(a -> a.matches("[^\\s\"'#\\\\]+") ? a
                : "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"").toList();
    }
}
