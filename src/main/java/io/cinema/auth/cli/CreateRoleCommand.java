package io.cinema.auth.cli;

import java.util.concurrent.Callable;

import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.cinema.auth.role.RoleService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** create-role: a new role; an existing name is refused. */
@Command(name = "create-role", mixinStandardHelpOptions = true, description = "Create a role.")
public class CreateRoleCommand implements Callable<Integer> {

    @Option(names = "--name", required = true, description = "Role name (A-Z a-z 0-9 . _ : -, up to 64).")
    String name;

    @Option(names = "--description", description = "What the role allows.")
    String description;

    @Inject
    RoleService roles;

    @Inject
    CommandSupport support;

    @Override
    @ActivateRequestContext
    public Integer call() {
        return support.run(() -> {
            roles.createFromCli(name, description);
            support.say("role " + name + " created");
            return CommandSupport.OK;
        });
    }
}
