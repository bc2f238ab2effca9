package io.cinema.auth.token;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.quarkus.security.identity.SecurityIdentity;

/** The authenticated caller of this request: the {@link Principal} of the identity {@link BearerIdentityProvider} made. */
@ApplicationScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public Principal get() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof Principal p)) {
            throw new ApiException(ErrorCode.TOKEN_MISSING, "A bearer access token is required");
        }
        return p;
    }
}
