package io.cinema.auth.role;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.signup;
import static io.cinema.auth.support.Api.uniqueName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.cinema.auth.account.User;
import io.cinema.auth.support.Admins;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class UserSearchTest {

    @Inject
    Admins admins;

    TestUser root;

    @BeforeEach
    void setUp() {
        root = admins.superuser();
    }

    List<String> ids(String query, int page, int size) {
        Response r = bearer(root.accessToken()).queryParam("query", query).queryParam("page", page)
                .queryParam("size", size).get("/api/v1/users");
        r.then().statusCode(200);
        return r.path("items.id");
    }

    long total(String query) {
        return ((Number) bearer(root.accessToken()).queryParam("query", query).get("/api/v1/users").then()
                .statusCode(200).extract().path("total")).longValue();
    }

    static void createdAt(TestUser u, Instant at) {
        QuarkusTransaction.requiringNew().run(() -> User.update("createdAt = ?1 where id = ?2", at,
                UUID.fromString(u.id())));
    }

    @Test
    void threeOrMoreCharactersMatchAnywhereInTheUsernameOrEmailWithoutRegardToCase() {
        String tag = uniqueName("Zq").replaceAll("[^A-Za-z0-9]", "");
        TestUser a = signup("Ab" + tag + "x");
        TestUser b = signup("c" + tag.toLowerCase());
        assertEquals(List.of(b.id(), a.id()).stream().sorted().toList(),
                ids(tag.substring(1).toUpperCase(), 1, 20).stream().sorted().toList());
        assertEquals(List.of(a.id()), ids(("ab" + tag + "X@EXAMPLE").toUpperCase(), 1, 20), "the email, any case");
        assertEquals(List.of(), ids(tag + "_", 1, 20), "_ is taken literally");
        assertEquals(List.of(), ids(tag + "%", 1, 20), "% is taken literally");
    }

    @Test
    void oneOrTwoCharactersMatchTheStartOfTheUsernameOrEmail() {
        // digits and letters no generated name or email starts with: only this test's accounts begin so
        TestUser starts = signup(uniqueName("q9"));
        TestUser inside = signup(uniqueName("aq9"));
        List<String> found = bearer(root.accessToken()).queryParam("query", "Q9").queryParam("size", 100)
                .get("/api/v1/users").then().statusCode(200).extract().path("items.id");
        assertTrue(found.contains(starts.id()), "the username starts with it");
        assertTrue(!found.contains(inside.id()), "two characters inside a name do not match");
        assertTrue(ids(inside.username().substring(1, 4), 1, 100).contains(inside.id()), "three do");
    }

    @Test
    void resultsAreNewestFirstThenByIdAndPagedWithTheirTotal() {
        String tag = uniqueName("ord").replaceAll("[^A-Za-z0-9]", "");
        TestUser oldest = signup(tag + "a");
        TestUser newest = signup(tag + "b");
        TestUser tieOne = signup(tag + "c");
        TestUser tieTwo = signup(tag + "d");
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        createdAt(oldest, t.minusSeconds(60));
        createdAt(newest, t.plusSeconds(60));
        createdAt(tieOne, t);
        createdAt(tieTwo, t);
        List<String> tie = List.of(tieOne.id(), tieTwo.id()).stream().sorted().toList();
        List<String> expected = List.of(newest.id(), tie.get(0), tie.get(1), oldest.id());

        assertEquals(expected, ids(tag, 1, 20));
        assertEquals(expected.subList(0, 3), ids(tag, 1, 3));
        assertEquals(expected.subList(3, 4), ids(tag, 2, 3));
        assertEquals(List.of(), ids(tag, 3, 3));
        assertEquals(4, total(tag));
    }

    @Test
    void theSearchIsAnsweredFromTheTrigramIndexes() {
        // the test table is small, so the planner would scan it anyway; with scans made dear it must be able to use
        // the indexes for exactly the statement the search runs
        String plan = QuarkusTransaction.requiringNew().call(() -> {
            var em = User.getEntityManager();
            em.createNativeQuery("SET LOCAL enable_seqscan = off").executeUpdate();
            @SuppressWarnings("unchecked")
            List<String> lines = em.createNativeQuery("EXPLAIN " + User.SEARCH_SQL.replace("?1", "'%abc%'")
                    .replace("?2", "20").replace("?3", "0")).getResultList();
            return String.join("\n", lines);
        });
        assertTrue(plan.contains("users_username_trgm_idx") && plan.contains("users_email_trgm_idx"), plan);
    }
}
