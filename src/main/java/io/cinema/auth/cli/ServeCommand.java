package io.cinema.auth.cli;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

/** Runs the HTTP server until the process is asked to stop. */
@Command(name = "serve", description = "Run the HTTP server (the default).")
public class ServeCommand implements Runnable {

    @Override
    public void run() {
        Quarkus.waitForExit();
    }
}
