package io.cinema.auth.account.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import io.cinema.auth.support.ApiException;

/**
 * Password rules: 8 to 128 characters and not one of the 10,000 most common passwords. The list is the head of the
 * frequency-sorted password dictionary that ships inside zxcvbn4j.
 */
public final class PasswordPolicy {

    public static final int MIN = 8;
    public static final int MAX = 128;
    static final int COMMON_COUNT = 10_000;
    private static final String LIST = "com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    private static Set<String> load() {
        Set<String> set = new HashSet<>(COMMON_COUNT * 2);
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("the common-password list " + LIST + " is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while (set.size() < COMMON_COUNT && (line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    set.add(line.trim().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(set);
    }

    public static boolean isCommon(String password) {
        return COMMON.contains(password.toLowerCase(Locale.ROOT));
    }

    /** Throws VALIDATION_FAILED naming {@code field} when the password breaks a rule. */
    public static void check(String field, String password) {
        if (password == null || password.isEmpty()) {
            throw ApiException.validation(field, "must not be blank");
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN || length > MAX) {
            throw ApiException.validation(field, "must be " + MIN + " to " + MAX + " characters long");
        }
        if (password.indexOf('\0') >= 0) {
            throw ApiException.validation(field, "must not contain NUL characters");
        }
        if (isCommon(password)) {
            throw ApiException.validation(field, "is one of the most common passwords; choose another");
        }
    }
}
