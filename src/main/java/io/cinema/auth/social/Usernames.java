package io.cinema.auth.social;

import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/** Usernames for accounts a provider makes: from the provider's name or the email's local part, made unique. */
final class Usernames {

    static final int MIN = 3;
    static final int MAX = 50;
    /** Room left for a collision suffix such as {@code _48213}. */
    static final int BASE_MAX = 40;

    private Usernames() {
    }

    /**
     * The base: the first of name, email local part, provider name that still has at least 3 characters after
     * normalisation to [A-Za-z0-9._-] (accents dropped, other characters become '_').
     */
    static String base(String name, String email, String provider) {
        String fromName = normalise(name);
        if (fromName != null) {
            return fromName;
        }
        String local = email == null || email.indexOf('@') <= 0 ? null : email.substring(0, email.indexOf('@'));
        String fromEmail = normalise(local);
        if (fromEmail != null) {
            return fromEmail;
        }
        String fromProvider = normalise(provider + "_user");
        return fromProvider != null ? fromProvider : "user";
    }

    /** Null when fewer than 3 usable characters remain. */
    static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        s = s.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("_{2,}", "_").replaceAll("^[._-]+|[._-]+$", "");
        if (s.length() > BASE_MAX) {
            s = s.substring(0, BASE_MAX).replaceAll("[._-]+$", "");
        }
        // only separators and digits left from a non-Latin name are not a name
        if (s.length() < MIN || s.replaceAll("[^A-Za-z0-9]", "").isEmpty()) {
            return null;
        }
        return s;
    }

    /** The base itself when free, else the base with a random numeric suffix, else a random hex one. */
    static String unique(String base, Predicate<String> taken, RandomGenerator random) {
        if (!taken.test(base)) {
            return base;
        }
        for (int i = 0; i < 10; i++) {
            String candidate = base + "_" + (1000 + random.nextInt(99000));
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
        String candidate;
        do {
            candidate = base + "_" + Long.toHexString(random.nextLong()).toLowerCase(Locale.ROOT);
            if (candidate.length() > MAX) {
                candidate = candidate.substring(0, MAX);
            }
        } while (taken.test(candidate));
        return candidate;
    }
}
