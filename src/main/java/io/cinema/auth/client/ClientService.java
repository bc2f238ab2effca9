package io.cinema.auth.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import io.cinema.auth.client.ClientModels.ClientResponse;
import io.cinema.auth.client.ClientModels.ClientWithSecretResponse;
import io.cinema.auth.client.ClientModels.CreateClientRequest;
import io.cinema.auth.client.ClientModels.UpdateClientRequest;
import io.cinema.auth.role.Role;
import io.cinema.auth.role.RoleEvents;
import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Page;
import io.cinema.auth.token.ScopesSupported;
import io.cinema.auth.token.Sessions;
import io.cinema.auth.token.TokenConfig;
import io.cinema.auth.token.UserState;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Administration of service clients: create (the secret shown once), list, read, change, delete, and a new secret
 * with the previous one still working for {@code auth.clients.secret-overlap}. A client's roles must exist and are
 * never {@code superuser} or the administrator role ({@code auth.admin-role}): a service's token never administers.
 * Every change of what the hot path knows (active, roles, scopes, deletion) reaches the cache through the outbox
 * ({@link ClientStates#changedOnCommit}); renamed and deleted roles are followed. Each change leaves an audit line
 * (actor, action, target), never a secret.
 */
@Singleton
public class ClientService implements ScopesSupported {

    /** How long discovery's list of scopes is reused: the public document must not cost a query per request. */
    static final Duration SCOPES_MEMO = Duration.ofMinutes(1);

    private record Memo(Instant at, List<String> scopes) {
    }

    private volatile Memo scopesMemo;

    /** RFC 6749 §3.3 scope tokens, narrowed to what needs no escaping in a header, a log line or our cache. */
    static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9._:/-]{1,100}");
    static final int MAX_SCOPES = 50;

    @Inject
    Sessions sessions;
    @Inject
    Clock clock;
    @Inject
    ClientSecrets secrets;
    @Inject
    ClientStates states;
    @Inject
    ClientConfig config;
    @Inject
    TokenConfig tokenConfig;

    public Page<ClientResponse> list(int page, int size) {
        Page.check(page, size);
        return QuarkusTransaction.requiringNew().call(() -> Page.of(
                Client.listPage(page, size).stream().map(ClientResponse::of).toList(), page, size, Client.countLive()));
    }

    public ClientResponse get(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ClientResponse.of(Client.findExisting(id)));
    }

    public ClientWithSecretResponse create(String actor, CreateClientRequest r) {
        String name = name(r.name());
        List<String> scopes = scopes(r.scopes());
        String grant = grant(r.grantTypes());
        ClientWithSecretResponse created = QuarkusTransaction.requiringNew().call(() -> {
            List<String> roles = roles(r.roles());
            Instant now = clock.instant();
            Client c = new Client();
            c.id = UUID.randomUUID();
            c.clientId = secrets.newClientId();
            c.name = name;
            c.scopes = new ArrayList<>(scopes);
            c.roles = new ArrayList<>(roles);
            c.grantTypes = new ArrayList<>(List.of(grant));
            c.active = true;
            c.createdAt = now;
            c.updatedAt = now;
            String secret = null;
            if (!c.isPublic()) {
                secret = secrets.newSecret();
                c.secretHash = secrets.hash(secret);
            }
            c.persistAndFlush();
            return ClientWithSecretResponse.of(c, secret);
        });
        audit(actor, "client.create", created.id(), created.clientId());
        return created;
    }

    public ClientResponse update(String actor, UUID id, UpdateClientRequest r) {
        if (r.name() == null && r.scopes() == null && r.roles() == null && r.active() == null) {
            throw ApiException.validation("body", "give a name, scopes, roles or active to change");
        }
        String name = r.name() == null ? null : name(r.name());
        List<String> scopes = r.scopes() == null ? null : scopes(r.scopes());
        ClientResponse out = QuarkusTransaction.requiringNew().call(() -> {
            Client c = Client.findExistingForUpdate(id);
            List<String> roles = r.roles() == null ? null : roles(r.roles());
            boolean stateChanged = false;
            if (name != null) {
                c.name = name;
            }
            if (scopes != null && !scopes.equals(c.scopes)) {
                c.scopes = new ArrayList<>(scopes);
                stateChanged = true;
            }
            if (roles != null && !roles.equals(c.roles)) {
                c.roles = new ArrayList<>(roles);
                stateChanged = true;
            }
            if (r.active() != null && r.active() != c.active) {
                c.active = r.active();
                stateChanged = true;
                if (!c.active) {
                    sessions.revokeAllOfDeviceClient(c.id, "client_disabled");
                }
            }
            c.updatedAt = clock.instant();
            if (stateChanged) {
                states.changedOnCommit(c);
            }
            Client.getEntityManager().flush();
            return ClientResponse.of(c);
        });
        audit(actor, "client.update", id, out.clientId());
        return out;
    }

    /**
     * Deletes the client: its tokens are refused at once and it gets no new ones. The row stays, without secrets or
     * grants, so its id is never handed out again and the cache push can still name it.
     */
    public void delete(String actor, UUID id) {
        String clientId = QuarkusTransaction.requiringNew().call(() -> {
            Client c = Client.findExistingForUpdate(id);
            Instant now = clock.instant();
            c.deletedAt = now;
            c.updatedAt = now;
            c.active = false;
            c.secretHash = null;
            c.previousSecretHash = null;
            c.previousSecretExpiresAt = null;
            c.roles = new ArrayList<>();
            c.scopes = new ArrayList<>();
            states.changedOnCommit(c);
            sessions.revokeAllOfDeviceClient(c.id, "client_deleted");
            return c.clientId;
        });
        audit(actor, "client.delete", id, clientId);
    }

    /** A new secret, shown once; the one it replaces keeps working for {@code auth.clients.secret-overlap}. */
    public ClientWithSecretResponse newSecret(String actor, UUID id) {
        ClientWithSecretResponse out = QuarkusTransaction.requiringNew().call(() -> {
            Client c = Client.findExistingForUpdate(id);
            if (c.isPublic()) {
                throw new ApiException(ErrorCode.CONFLICT, "A public (device_code) client has no secret");
            }
            Instant now = clock.instant();
            Duration overlap = config.secretOverlap();
            // the current secret becomes the previous one; one older than that stops at once
            c.previousSecretHash = c.secretHash;
            c.previousSecretExpiresAt = overlap.isZero() || overlap.isNegative() ? now : now.plus(overlap);
            String secret = secrets.newSecret();
            c.secretHash = secrets.hash(secret);
            c.updatedAt = now;
            Client.getEntityManager().flush();
            return ClientWithSecretResponse.of(c, secret);
        });
        audit(actor, "client.secret", id, out.clientId());
        return out;
    }

    /** Creates a client from the command line, under the same rules. */
    public ClientWithSecretResponse createFromCli(String name, List<String> scopes, List<String> roles,
            List<String> grants) {
        return create("cli", new CreateClientRequest(name, scopes, roles, grants));
    }

    @Override
    public List<String> scopesSupported() {
        Instant now = clock.instant();
        Memo m = scopesMemo;
        if (m == null || !now.isBefore(m.at().plus(SCOPES_MEMO)) || now.isBefore(m.at())) {
            m = new Memo(now, List.copyOf(QuarkusTransaction.requiringNew().call(Client::liveScopes)));
            scopesMemo = m;
        }
        return m.scopes();
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Roles the clients hold follow their renames and deletions (in the role change's transaction)
    // -----------------------------------------------------------------------------------------------------------------

    void onRoleRenamed(@Observes RoleEvents.Renamed e) {
        for (Client c : Client.holdingForUpdate(e.from())) {
            c.roles = new ArrayList<>(c.roles.stream().map(n -> n.equals(e.from()) ? e.to() : n).toList());
            states.changedOnCommit(c);
        }
    }

    void onRoleDeleted(@Observes RoleEvents.Deleted e) {
        for (Client c : Client.holdingForUpdate(e.name())) {
            c.roles = new ArrayList<>(c.roles.stream().filter(n -> !n.equals(e.name())).toList());
            states.changedOnCommit(c);
        }
    }

    // -----------------------------------------------------------------------------------------------------------------
    // Rules
    // -----------------------------------------------------------------------------------------------------------------

    static String name(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.validation("name", "must not be blank");
        }
        String n = raw.strip();
        if (n.length() > 100 || n.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.validation("name", "must be 1 to 100 characters without control characters");
        }
        return n;
    }

    static List<String> scopes(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : raw) {
            if (s == null || !SCOPE.matcher(s).matches()) {
                throw ApiException.validation("scopes", "each scope is 1 to 100 of A-Z, a-z, 0-9, '.', '_', ':', '/' or '-'");
            }
            out.add(s);
        }
        if (out.size() > MAX_SCOPES) {
            throw ApiException.validation("scopes", "at most " + MAX_SCOPES + " scopes");
        }
        return List.copyOf(out);
    }

    /** Exactly one grant: {@code client_credentials} (the default) or {@code device_code}. */
    static String grant(List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return Client.CLIENT_CREDENTIALS;
        }
        if (raw.size() != 1 || !(Client.CLIENT_CREDENTIALS.equals(raw.get(0)) || Client.DEVICE_CODE.equals(raw.get(0)))) {
            throw ApiException.validation("grant_types", "exactly one of client_credentials or device_code");
        }
        return raw.get(0);
    }

    /** Existing roles by their stored names; never superuser or the administrator role. In a transaction. */
    List<String> roles(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        String admin = tokenConfig.adminRole().map(a -> a.toLowerCase(Locale.ROOT)).orElse(null);
        for (String n : raw) {
            if (n == null || n.isBlank()) {
                throw ApiException.validation("roles", "a role name must not be blank");
            }
            Role role = Role.findByName(n.strip());
            if (role == null) {
                throw ApiException.validation("roles", "no role named " + n.strip());
            }
            if (UserState.SUPERUSER.equals(role.name) || role.name.toLowerCase(Locale.ROOT).equals(admin)) {
                throw ApiException.validation("roles", "a client can never hold the superuser or administrator role");
            }
            out.add(role.name);
        }
        return List.copyOf(out);
    }

    private static void audit(String actor, String action, UUID id, String clientId) {
        Log.infof("audit: actor=%s action=%s target=client %s (%s)", actor, action, id, clientId);
    }
}
