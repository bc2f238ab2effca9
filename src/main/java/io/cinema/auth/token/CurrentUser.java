package io.cinema.auth.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cinema.auth.support.ApiException;
import io.quarkus.security.identity.SecurityIdentity;

/** The authenticated caller of this request: the {@link Principal} of the identity {@link BearerIdentityProvider} made. */
@ApplicationScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public Principal get() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof Principal p)) {
            throw ApiException.tokenMissing();
        }
        return p;
    }

    /** The caller's profile as the state cache held it when the token was checked, or null (see UserState#profile). */
    public String cachedProfile() {
        Object profile = identity.getAttribute(BearerIdentityProvider.PROFILE);
        return profile instanceof String s ? s : null;
    }
}
