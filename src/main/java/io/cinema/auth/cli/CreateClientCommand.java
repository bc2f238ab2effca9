package io.cinema.auth.cli;

import java.util.List;
import java.util.concurrent.Callable;

import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;

import io.cinema.auth.client.ClientModels.ClientWithSecretResponse;
import io.cinema.auth.client.ClientService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** create-client: a new service client; prints its client id and, for a confidential client, its secret once. */
@Command(name = "create-client", mixinStandardHelpOptions = true, description = "Create a service client.")
public class CreateClientCommand implements Callable<Integer> {

    @Option(names = "--name", required = true, description = "What the client is (up to 100 characters).")
    String name;

    @Option(names = "--scope", description = "A scope the client may ask for (repeatable).")
    List<String> scopes;

    @Option(names = "--role", description = "An existing role its tokens carry (repeatable; never superuser).")
    List<String> roles;

    @Option(names = "--grant", description = "client_credentials (default, has a secret) or device_code (public).")
    List<String> grants;

    @Inject
    ClientService clients;

    @Inject
    CommandSupport support;

    @Override
    @ActivateRequestContext
    public Integer call() {
        return support.run(() -> {
            ClientWithSecretResponse c = clients.createFromCli(name, scopes, roles, grants);
            support.say("client " + c.name() + " created");
            support.say("client_id: " + c.clientId());
            if (c.clientSecret() != null) {
                support.say("client_secret: " + c.clientSecret() + "  (shown only now; store it in a secret store)");
            } else {
                support.say("public client: no secret");
            }
            return CommandSupport.OK;
        });
    }
}
