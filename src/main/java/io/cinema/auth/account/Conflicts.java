package io.cinema.auth.account;

import java.sql.SQLException;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;

/** Turns a unique-index violation of the users table into the contract's 409. */
public final class Conflicts {

    private Conflicts() {
    }

    public static RuntimeException translate(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
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
        return e;
    }
}
