package io.cinema.auth.account;

/** The second login factor, owned here and implemented by the two-factor feature. */
public interface SecondFactor {

    /**
     * Checks a one-time or recovery code for a user whose row the caller has locked in its transaction; a code that
     * passes is spent (no replay). Returns whether it passed.
     */
    boolean verify(User user, String totpCode, String recoveryCode);
}
