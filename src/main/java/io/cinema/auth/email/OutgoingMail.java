package io.cinema.auth.email;

import java.util.UUID;

/**
 * One plain-text mail. {@code secret} is the token the body carries (null for a notice): it is known here only so
 * that a failure message can be scrubbed of it before it is logged.
 */
record OutgoingMail(String kind, UUID userId, String to, String subject, String body, String secret) {

    @Override
    public String toString() {
        return "OutgoingMail[" + kind + ", user " + userId + "]";
    }
}
