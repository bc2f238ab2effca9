package io.cinema.auth.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.ApiException;
import io.cinema.auth.support.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The one error path gives each 401 its RFC 6750 / RFC 9470 challenge, keyed on the contract code. */
class BearerChallengeTest {

    private final ProblemMappers mappers = new ProblemMappers(new SimpleMeterRegistry());

    private String challengeOf(ErrorCode code) {
        Response r = mappers.api(new ApiException(code, "detail"));
        assertEquals(code.status(), r.getStatus());
        return r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE);
    }

    @Test
    void reauthRequiredAsksForARecentAuthenticationWithTheConfiguredMaxAge() {
        Response r = mappers.api(ApiException.reauthRequired(java.time.Duration.ofMinutes(7)));
        assertEquals(401, r.getStatus());
        assertEquals("Bearer error=\"insufficient_user_authentication\", max_age=420",
                r.getHeaderString(HttpHeaders.WWW_AUTHENTICATE));
    }

    @Test
    void eachTokenCodeHasItsChallenge() {
        assertEquals("Bearer", challengeOf(ErrorCode.TOKEN_MISSING));
        assertEquals("Bearer error=\"invalid_token\"", challengeOf(ErrorCode.TOKEN_INVALID));
        assertEquals("Bearer error=\"invalid_token\"", challengeOf(ErrorCode.TOKEN_EXPIRED));
        assertEquals("Bearer error=\"invalid_token\"", challengeOf(ErrorCode.TOKEN_REVOKED));
    }

    @Test
    void answersThatAreNoBearerFailureCarryNoChallenge() {
        assertNull(challengeOf(ErrorCode.INVALID_CREDENTIALS));
        assertNull(challengeOf(ErrorCode.FORBIDDEN));
        assertNull(challengeOf(ErrorCode.VALIDATION_FAILED));
    }
}
