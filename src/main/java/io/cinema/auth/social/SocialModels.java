package io.cinema.auth.social;

/** Response bodies of the social-login endpoints. */
public final class SocialModels {

    private SocialModels() {
    }

    /** One provider a user can log in with. */
    public record ProviderResponse(String name, String authorizeUrl) {
    }

    /** Where the browser must go: for a single-page app, which cannot read a redirect. */
    public record ProviderUrlResponse(String providerUrl) {
    }
}
