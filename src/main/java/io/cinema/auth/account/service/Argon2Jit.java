package io.cinema.auth.account.service;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.quarkus.logging.Log;

/**
 * Keeps the Bouncy Castle Argon2 loop in its fast compiled form for the whole life of every JVM.
 *
 * <p>Why: HotSpot's C2 compiles {@code Argon2BytesGenerator.roundFunction}, the innermost loop of every password hash,
 * with or without its eight {@code quarterRound} calls inlined, depending on how hot those calls looked in the profile
 * it happened to have at that moment (63 bytes of bytecode is over {@code MaxInlineSize}, so only a hot call site
 * inlines it; {@code -XX:+PrintInlining} says "too big" in the slow JVMs). Without the inlining every hash costs
 * about twice as much, and a JVM keeps whichever form it got: in fresh JVMs on the 2-core machine the bare hash ran
 * 18–23/s or 37–56/s at one thread, about two thirds of the starts landing slow (Temurin 17 and 25 alike).
 *
 * <p>Fix: a compiler directive that always inlines {@code quarterRound} into the Argon2 generator's methods, added
 * through the DiagnosticCommand MBean (what {@code jcmd <pid> Compiler.directives_add} does) before the first hash, so
 * no launch command needs a flag. With it, 8 of 8 fresh JVMs ran fast (35–55/s under the same noise). Where the JVM
 * has no such MBean (a native image, where the code is compiled ahead of time anyway) nothing is done.
 */
final class Argon2Jit {

    static final String MATCH = "org/bouncycastle/crypto/generators/Argon2BytesGenerator.*";
    static final String DIRECTIVE = "[{match: \"" + MATCH + "\","
            + " inline: \"+org/bouncycastle/crypto/generators/Argon2BytesGenerator.quarterRound\"}]";
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private static volatile boolean installed;

    private Argon2Jit() {
    }

    /** Adds the directive once per JVM; true when it is in place. Never fails the caller. */
    static synchronized boolean install() {
        if (installed) {
            return true;
        }
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(DIAGNOSTIC_COMMAND);
            if (!server.isRegistered(name)) {
                return false;
            }
            if (directives().contains(MATCH)) {
                // added by another class loader of this JVM (a Quarkus test or dev-mode restart): once is enough
                installed = true;
                return true;
            }
            Path file = Files.createTempFile("argon2-jit", ".json");
            try {
                Files.writeString(file, DIRECTIVE, StandardCharsets.UTF_8);
                Object answer = server.invoke(name, "compilerDirectivesAdd", new Object[] {new String[] {file.toString()}},
                        new String[] {String[].class.getName()});
                installed = String.valueOf(answer).contains("1 compiler directives added");
                if (!installed) {
                    Log.warnf("Argon2 JIT directive not taken: %s", answer);
                }
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (Exception | LinkageError e) {
            Log.debugf("Argon2 JIT directive not available here (%s)", e.toString());
        }
        return installed;
    }

    /** What the JVM's compiler directive stack holds now (jcmd Compiler.directives_print), for tests. */
    static String directives() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return String.valueOf(server.invoke(new ObjectName(DIAGNOSTIC_COMMAND), "compilerDirectivesPrint",
                new Object[] {new String[0]}, new String[] {String[].class.getName()}));
    }
}
