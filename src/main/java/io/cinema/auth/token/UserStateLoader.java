package io.cinema.auth.token;

import java.util.List;
import java.util.UUID;

/** Reads a user's authorization state from PostgreSQL (implemented by the account feature). */
public interface UserStateLoader {

    /** The user's state, or null when there is no such user. */
    UserState load(UUID userId);

    /** The names of the user's roles, sorted; all a session being opened needs (no profile, no linked accounts). */
    List<String> roles(UUID userId);
}
