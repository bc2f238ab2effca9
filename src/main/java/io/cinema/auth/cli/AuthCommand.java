package io.cinema.auth.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;

/** The top command: serves HTTP unless a sub-command is given. */
@TopCommand
@Command(name = "auth-service", mixinStandardHelpOptions = true,
        description = "Cinema authentication service: serves HTTP by default, or runs an administrative command.",
        subcommands = {ServeCommand.class, CreateSuperuserCommand.class, CreateRoleCommand.class,
            CreateClientCommand.class})
public class AuthCommand implements Runnable {

    @Override
    public void run() {
        Quarkus.waitForExit();
    }
}
