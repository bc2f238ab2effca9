package io.cinema.auth.page;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** The hosted pages ({@code auth.pages.*}). */
@ConfigMapping(prefix = "auth.pages")
public interface PagesConfig {

    /** Where the reset page's "Log in" link goes once a password is set; default the public URL's root. */
    Optional<String> loginUrl();
}
