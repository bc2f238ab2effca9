package io.cinema.auth.account.service;

import java.sql.SQLException;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.cinema.auth.support.Throwables;

/** Turns a unique-index violation of the users table into the contract's 409. */
public final class Conflicts {

    private Conflicts() {
    }

    public static RuntimeException translate(RuntimeException e) {
        SQLException sql = Throwables.uniqueViolation(e).orElse(null);
        if (sql == null) {
            return e;
        }
        String m = String.valueOf(sql.getMessage());
        if (m.contains("users_username_uq")) {
            return new ApiException(ErrorCode.USERNAME_TAKEN, "This username is taken");
        }
        if (m.contains("users_email_uq")) {
            return new ApiException(ErrorCode.EMAIL_TAKEN, "This email is taken");
        }
        return new ApiException(ErrorCode.CONFLICT, "The change conflicts with existing data");
    }
}
