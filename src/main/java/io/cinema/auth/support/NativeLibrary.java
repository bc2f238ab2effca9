package io.cinema.auth.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads one of the libraries that {@code src/main/c/build.sh} compiles into {@code native/linux-x86_64/} on the class
 * path: from a copy in a new private temporary directory that is deleted again as soon as the library is mapped.
 * Loading never throws: {@link #load} answers "loaded" or why not, in a few words, and the caller keeps its Java
 * path for every other answer. Nothing here needs more than the JDK, so the benchmarks load them as the service does.
 */
public final class NativeLibrary {

    public static final String LOADED = "loaded";

    private NativeLibrary() {
    }

    /** Loads {@code native/linux-x86_64/lib<name>.so} with {@code owner}'s class loader: "loaded", or why not. */
    public static String load(Class<?> owner, String name) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "not Linux on x86-64";
        }
        String file = "lib" + name + ".so";
        String resource = "native/linux-x86_64/" + file;
        try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "the build made no " + resource;
            }
            Path dir = Files.createTempDirectory("auth-" + name + "-");
            Path lib = dir.resolve(file);
            try {
                Files.copy(in, lib, StandardCopyOption.REPLACE_EXISTING);
                System.load(lib.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(lib);
                Files.deleteIfExists(dir);
            }
            return LOADED;
        } catch (IOException | LinkageError | SecurityException e) {
            return "not loadable: " + e; // the caller logs it
        }
    }
}
