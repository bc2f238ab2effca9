package io.cinema.auth.client;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Request and response bodies of client administration and the token endpoint. */
public final class ClientModels {

    private ClientModels() {
    }

    public record CreateClientRequest(@NotBlank @Size(max = 100) String name, @Size(max = 50) List<String> scopes,
            @Size(max = 50) List<String> roles, List<String> grantTypes) {
    }

    public record UpdateClientRequest(@Size(max = 100) String name, @Size(max = 50) List<String> scopes,
            @Size(max = 50) List<String> roles, Boolean active) {
    }

    public record ClientResponse(UUID id, String clientId, String name, List<String> scopes, List<String> roles,
            List<String> grantTypes, boolean active, Instant createdAt, Instant updatedAt) {
        static ClientResponse of(Client c) {
            return new ClientResponse(c.id, c.clientId, c.name, List.copyOf(c.scopes), List.copyOf(c.roles),
                    List.copyOf(c.grantTypes), c.active, c.createdAt, c.updatedAt);
        }
    }

    /**
     * A client with its secret in clear: the answer of its creation and of a new secret, the only times it is shown;
     * a public client has none. {@code previous_secret_expires_at}: until when a replaced secret still works.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClientWithSecretResponse(UUID id, String clientId, String clientSecret, String name,
            List<String> scopes, List<String> roles, List<String> grantTypes, Boolean active, Instant createdAt,
            Instant updatedAt, Instant previousSecretExpiresAt) {
        static ClientWithSecretResponse of(Client c, String secret) {
            return new ClientWithSecretResponse(c.id, c.clientId, secret, c.name, List.copyOf(c.scopes),
                    List.copyOf(c.roles), List.copyOf(c.grantTypes), c.active, c.createdAt, c.updatedAt,
                    c.previousSecretExpiresAt);
        }

        @Override
        public String toString() {
            return "ClientWithSecretResponse[" + id + ", " + clientId + "]";
        }
    }

    /** RFC 6749 §5.1: a client token; no refresh token (the client asks again). */
    // the token endpoint answers Object (this or a token pair), so Quarkus cannot infer it for the native image
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String scope) {
        @Override
        public String toString() {
            return "TokenResponse[]";
        }
    }
}
