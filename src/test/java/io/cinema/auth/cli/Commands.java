package io.cinema.auth.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

import picocli.CommandLine;

/**
 * The service's command line run inside the test's running application, as {@code PicocliRunner} runs it (the same
 * top command, sub-commands and beans from {@code PicocliCommandLineFactory}), with standard output and error
 * captured. Starting the application once per command ({@code @QuarkusMainTest}) proves the entry point and costs
 * seconds a launch; {@link CommandLaunchTest} does that, and the commands' rules are tested through this.
 */
final class Commands {

    /** What a command printed and returned; named as {@code LaunchResult} names them. */
    record Result(int exitCode, String getOutput, String getErrorOutput) {
    }

    private Commands() {
    }

    static synchronized Result run(CommandLine commandLine, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            commandLine.setOut(new PrintWriter(o, true));
            commandLine.setErr(new PrintWriter(e, true));
            int code = commandLine.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }
}
