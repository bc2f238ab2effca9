package io.cinema.auth.token;

import java.util.List;

/** The scopes service clients may ask for, published as discovery's {@code scopes_supported}; from the client feature. */
public interface ScopesSupported {

    /** Every scope some live client holds, sorted; may lag a change by a minute. */
    List<String> scopesSupported();
}
