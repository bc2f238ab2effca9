package io.cinema.auth.social;

/** Response bodies of the social-login endpoints. */
public final class SocialModels {

    private SocialModels() {
    }

    /** One provider a user can log in with. */
    public record ProviderResponse(String name, String authorizeUrl) {
    }

    /** Where the browser must go: for a single-page app, which cannot read a redirect. */
    // built into a Response by hand, so Quarkus cannot infer it
    @io.quarkus.runtime.annotations.RegisterForReflection
    public record ProviderUrlResponse(String providerUrl) {
    }
}
