package io.cinema.auth.token;

import jakarta.enterprise.context.RequestScoped;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;

/** The authenticated caller of this request, set by {@link BearerFilter}. */
@RequestScoped
public class CurrentUser {

    private Principal principal;

    void set(Principal principal) {
        this.principal = principal;
    }

    public Principal get() {
        if (principal == null) {
            throw new ApiException(ErrorCode.TOKEN_MISSING, "A bearer access token is required");
        }
        return principal;
    }
}
