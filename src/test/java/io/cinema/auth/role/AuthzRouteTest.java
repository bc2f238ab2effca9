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
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The router's answer to the permission check and forward authentication ({@link AuthzRoute}) is the one Quarkus
 * REST's resources give: the same request, once taken by the route and once in a form the route leaves to Quarkus
 * REST (a check with a weighted {@code Accept}, forward authentication with a trailing slash), must get the same
 * status, body and headers, for passes, refusals and bad questions. The route's answer counter proves which of the
 * two answered.
 */
@QuarkusTest
class AuthzRouteTest {

    /** What a browser sends, and an ingress passes on to forward authentication. */
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Inject
    MeterRegistry registry;

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

    private double routeAnswers() {
        return registry.find("auth.route.answers").counters().stream()
                .filter(c -> !"account".equals(c.getId().getTag("endpoint"))).mapToDouble(Counter::count).sum();
    }

    /** The check: plain, then with {@link #NEGOTIATED}. */
    private void sameAnswer(Function<RequestSpecification, Response> call, RequestSpecification plain,
            RequestSpecification negotiated) {
        sameAnswer(() -> call.apply(plain), () -> call.apply(negotiated.header("Accept", NEGOTIATED)));
    }

    /** Forward authentication: on its path with a browser's {@code Accept}, then on its path with a trailing slash. */
    private void sameForward(String query, Supplier<RequestSpecification> spec) {
        sameAnswer(() -> spec.get().header("Accept", BROWSER).get(AuthzRoute.FORWARD + query),
                () -> spec.get().header("Accept", BROWSER).get(AuthzRoute.FORWARD + "/" + query));
    }

    private void sameAnswer(Supplier<Response> byRoute, Supplier<Response> byResource) {
        double before = routeAnswers();
        Response fast = byRoute.get();
        assertEquals(before + 1, routeAnswers(), "the route answered");
        Response resource = byResource.get();
        assertEquals(before + 1, routeAnswers(), "the resource answered");
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
            sameForward(q, () -> bearer(u.accessToken()));
        }
        sameForward("", () -> json());
        sameForward("?role=user", () -> json().header("Authorization", "Bearer garbage"));
    }

    @Test
    void headRequestsAnswerAsTheResourceWithoutABody() {
        TestUser u = signup();
        sameAnswer(s -> s.head(AuthzRoute.CHECK + "?role=user"), bearer(u.accessToken()), bearer(u.accessToken()));
        sameAnswer(() -> bearer(u.accessToken()).head(AuthzRoute.FORWARD),
                () -> bearer(u.accessToken()).head(AuthzRoute.FORWARD + "/"));
        assertEquals("", bearer(u.accessToken()).head(AuthzRoute.CHECK + "?role=user").asString());
    }

    @Test
    void otherMethodsAndPathsAreLeftToTheResources() {
        TestUser u = signup();
        assertEquals(405, bearer(u.accessToken()).post(AuthzRoute.CHECK + "?role=user").statusCode());
        assertEquals(405, bearer(u.accessToken()).delete(AuthzRoute.FORWARD).statusCode());
        assertEquals(404, bearer(u.accessToken()).get(AuthzRoute.CHECK + "/more?role=user").statusCode());
        double before = routeAnswers();
        Response html = bearer(u.accessToken()).header("Accept", "text/html").get(AuthzRoute.CHECK + "?role=user");
        assertEquals(406, html.statusCode(), html.asString());
        assertEquals(before, routeAnswers());
    }
}
