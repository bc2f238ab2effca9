package io.cinema.auth.page;

import java.util.List;
import java.util.Locale;

/** The languages of the hosted pages, chosen by {@code Accept-Language} (RFC 4647 lookup); English otherwise. */
public enum PageLanguage {
    EN("en"),
    RU("ru");

    private final String tag;

    PageLanguage(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 tag, for {@code <html lang>} and the message bundle. */
    public String tag() {
        return tag;
    }

    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    private static final List<String> TAGS = List.of(EN.tag, RU.tag);
    /** Far beyond any real browser's header; a longer one is junk and gets the default. */
    private static final int HEADER_MAX = 512;

    public static PageLanguage of(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank() || acceptLanguage.length() > HEADER_MAX) {
            return EN;
        }
        try {
            String best = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), TAGS);
            return RU.tag.equals(best) ? RU : EN;
        } catch (IllegalArgumentException e) {
            // a malformed header is no reason to fail the page
            return EN;
        }
    }
}
