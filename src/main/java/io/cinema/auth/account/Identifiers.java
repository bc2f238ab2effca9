package io.cinema.auth.account;

import java.text.Normalizer;
import java.util.regex.Pattern;

import io.cinema.auth.support.ApiException;

/** Username and email rules of the contract. */
public final class Identifiers {

    public static final int USERNAME_MIN = 3;
    public static final int USERNAME_MAX = 50;
    public static final int EMAIL_MAX = 254;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,50}");
    // A pragmatic address check: one @, a dot-atom local part, a domain of labels with a dot; no spaces or controls.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");

    private Identifiers() {
    }

    /** NFKC first (fullwidth letters become ASCII), then the allowed alphabet and length. */
    public static String username(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.validation(field, "must not be blank");
        }
        if (raw.length() > 4 * USERNAME_MAX) {
            throw ApiException.validation(field, "must be 3 to 50 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        String n = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        if (!USERNAME.matcher(n).matches()) {
            throw ApiException.validation(field, "must be 3 to 50 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        return n;
    }

    public static String email(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.validation(field, "must not be blank");
        }
        String e = raw.trim();
        if (e.length() > EMAIL_MAX || !EMAIL.matcher(e).matches() || e.substring(0, e.indexOf('@')).length() > 64) {
            throw ApiException.validation(field, "must be a valid email address");
        }
        return e;
    }

    /**
     * Lower-cases ASCII letters only: emails (and usernames, which are ASCII after NFKC) compare so, and no locale or
     * Unicode case rule (the Turkish dotless i, the Kelvin sign) can make two different addresses equal.
     */
    public static String asciiLower(String text) {
        char[] c = text.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] >= 'A' && c[i] <= 'Z') {
                c[i] = (char) (c[i] + 32);
            }
        }
        return new String(c);
    }

    /** Whether two addresses are the same mailbox by the service's rule (ASCII case only). */
    public static boolean sameEmail(String a, String b) {
        return a != null && b != null && asciiLower(a).equals(asciiLower(b));
    }

    /** Whether a login as typed could name any account at all (used to skip a pointless query). */
    public static boolean plausibleLogin(String login) {
        if (login == null || login.isEmpty() || login.length() > EMAIL_MAX) {
            return false;
        }
        for (int i = 0; i < login.length(); i++) {
            if (Character.isISOControl(login.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The key under which failed logins of a login name are counted: NFKC, trimmed, lower case. */
    public static String loginKey(String login) {
        String n = Normalizer.normalize(login == null ? "" : login, Normalizer.Form.NFKC).trim();
        return n.toLowerCase(java.util.Locale.ROOT);
    }
}
