package io.cinema.auth.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.cinema.auth.role.Bootstrap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** create-superuser: the first administrator, or a no-op with --if-not-exists for deploy jobs. */
@Command(name = "create-superuser", mixinStandardHelpOptions = true,
        description = "Create a user with the superuser role (its email counts as verified).")
public class CreateSuperuserCommand implements Callable<Integer> {

    @Option(names = "--username", required = true, description = "Username (3-50 of A-Z a-z 0-9 . _ -).")
    String username;

    @Option(names = "--email", description = "Email address.")
    String email;

    @Option(names = "--password", description = "Password (visible in the process list: prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
    boolean passwordStdin;

    @Option(names = "--if-not-exists",
            description = "Exit 0 without change when the username is an active superuser's (exit 1 when anyone else's).")
    boolean ifNotExists;

    @Inject
    Bootstrap bootstrap;

    @Inject
    CommandSupport support;

    @Override
    @ActivateRequestContext
    public Integer call() {
        return support.run(() -> {
            String pw = readPassword();
            if (pw == null) {
                return support.refuse("a password is required: give --password, --password-stdin, or run on a terminal");
            }
            Bootstrap.Outcome outcome = bootstrap.createSuperuser(username, email, pw, ifNotExists);
            switch (outcome) {
                case TAKEN_BY_OTHER -> {
                    return support.refuse("the username " + username + " belongs to a user without the superuser role,"
                            + " not an active superuser; nothing changed (choose another username)");
                }
                case DISABLED_SUPERUSER -> {
                    return support.refuse("the username " + username + " belongs to a disabled superuser, not an "
                            + "active superuser; nothing changed (choose another username)");
                }
                case EXISTS -> support.say("superuser " + username + " already exists; nothing changed");
                case CREATED -> support.say("superuser " + username + " created");
            }
            return CommandSupport.OK;
        });
    }

    private String readPassword() throws java.io.IOException {
        if (password != null) {
            return password;
        }
        if (passwordStdin) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? null : line.stripTrailing();
        }
        Console console = System.console();
        if (console == null) {
            return null;
        }
        char[] first = console.readPassword("Password for %s: ", username);
        char[] second = console.readPassword("Repeat the password: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            return null;
        }
        return new String(first);
    }
}
