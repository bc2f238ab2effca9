package io.cinema.auth.role;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.signup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The router's answer to the permission check and forward authentication ({@link AuthzRoute}) is the one Quarkus
 * REST's resources give: the same request, once plain (taken by the route) and once with an {@code Accept} the route
 * leaves to Quarkus REST, must get the same status, body and headers, for passes, refusals and bad questions.
 */
@QuarkusTest
class AuthzRouteTest {

    /** Headers that differ between any two answers. */
    private static final Set<String> PER_ANSWER = Set.of("x-request-id", "date");

    /** Weighted: {@link AuthzRoute#plain} does not take it, so Quarkus REST answers. */
    private static final String NEGOTIATED = "application/json;q=0.9";

    private static Map<String, List<String>> headers(Response r) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Header h : r.headers()) {
            String name = h.getName().toLowerCase();
            if (!PER_ANSWER.contains(name)) {
                out.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(h.getValue());
            }
        }
        return out;
    }

    private static void sameAnswer(Function<RequestSpecification, Response> call, RequestSpecification plain,
            RequestSpecification negotiated) {
        Response fast = call.apply(plain);
        Response resource = call.apply(negotiated.header("Accept", NEGOTIATED));
        assertEquals(resource.statusCode(), fast.statusCode(), fast.asString());
        assertEquals(resource.asString(), fast.asString());
        assertEquals(headers(resource), headers(fast));
        assertFalse(fast.header("X-Request-Id").isEmpty());
    }

    @Test
    void aCheckAnswersAsTheResourceForAllowedDeniedAndAnonymousCallers() {
        TestUser u = signup();
        for (String q : List.of("?role=user", "?role=subscriber", "?role=user&role=subscriber&mode=all")) {
            sameAnswer(s -> s.get(AuthzRoute.CHECK + q), bearer(u.accessToken()), bearer(u.accessToken()));
        }
        sameAnswer(s -> s.get(AuthzRoute.CHECK + "?role=user"), json(), json());
    }

    @Test
    void aCheckRefusesAsTheResourceForBadQuestionsAndBadTokens() {
        TestUser u = signup();
        for (String q : List.of("", "?mode=all", "?role=user&ROLE=x", "?role=user&mode=some", "?role=%zz")) {
            sameAnswer(s -> s.get(AuthzRoute.CHECK + q), bearer(u.accessToken()), bearer(u.accessToken()));
        }
        sameAnswer(s -> s.get(AuthzRoute.CHECK + "?role=user"),
                json().header("Authorization", "Bearer garbage"), json().header("Authorization", "Bearer garbage"));
        TestUser gone = signup();
        bearer(gone.accessToken()).post("/api/v1/auth/logout").then().statusCode(204);
        sameAnswer(s -> s.get(AuthzRoute.CHECK + "?role=user"), bearer(gone.accessToken()), bearer(gone.accessToken()));
    }

    @Test
    void forwardAuthenticationAnswersAsTheResourceForPassesAndRefusals() {
        TestUser u = signup();
        for (String q : List.of("", "?role=user", "?role=subscriber", "?role=x&mode=bad", "?rolle=user")) {
            sameAnswer(s -> s.get(AuthzRoute.FORWARD + q), bearer(u.accessToken()), bearer(u.accessToken()));
        }
        sameAnswer(s -> s.get(AuthzRoute.FORWARD), json(), json());
        sameAnswer(s -> s.get(AuthzRoute.FORWARD),
                json().header("Authorization", "Bearer garbage"), json().header("Authorization", "Bearer garbage"));
    }

    @Test
    void headRequestsAnswerAsTheResourceWithoutABody() {
        TestUser u = signup();
        sameAnswer(s -> s.head(AuthzRoute.CHECK + "?role=user"), bearer(u.accessToken()), bearer(u.accessToken()));
        sameAnswer(s -> s.head(AuthzRoute.FORWARD), bearer(u.accessToken()), bearer(u.accessToken()));
        assertEquals("", bearer(u.accessToken()).head(AuthzRoute.CHECK + "?role=user").asString());
    }

    @Test
    void otherMethodsAndPathsAreLeftToTheResources() {
        TestUser u = signup();
        assertEquals(405, bearer(u.accessToken()).post(AuthzRoute.CHECK + "?role=user").statusCode());
        assertEquals(405, bearer(u.accessToken()).delete(AuthzRoute.FORWARD).statusCode());
        assertEquals(404, bearer(u.accessToken()).get(AuthzRoute.CHECK + "/more?role=user").statusCode());
        Response html = bearer(u.accessToken()).header("Accept", "text/html").get(AuthzRoute.CHECK + "?role=user");
        assertEquals(406, html.statusCode(), html.asString());
    }
}
