package io.cinema.auth.account;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.cinema.auth.support.Api.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

@QuarkusTest
class HistoryPagingTest {

    @Test
    void pagesFollowOneOrderAcrossMonthsAndEqualTimes() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        QuarkusTransaction.requiringNew().run(() -> {
            var em = AuthHistory.getEntityManager();
            for (int i = 0; i < 44; i++) {
                // groups of four share one time, and the times cross into earlier months
                Instant at = now.minus((i / 4) * 9L, ChronoUnit.DAYS);
                em.createNativeQuery("INSERT INTO auth_history (id, user_id, event_type, success, occurred_at)"
                        + " VALUES (?1, ?2, 'login', true, ?3)").setParameter(1, UUID.randomUUID())
                        .setParameter(2, userId).setParameter(3, at).executeUpdate();
            }
        });
        @SuppressWarnings("unchecked")
        List<String> expected = QuarkusTransaction.requiringNew().call(() -> ((List<UUID>) AuthHistory.getEntityManager()
                .createNativeQuery("SELECT id FROM auth_history WHERE user_id = ?1 ORDER BY occurred_at DESC, id DESC",
                        UUID.class).setParameter(1, userId).getResultList()).stream().map(UUID::toString).toList());
        assertEquals(45, expected.size(), "the signup and the 44 rows");

        List<String> paged = new ArrayList<>();
        for (int page = 1; page <= 7; page++) {
            Response r = bearer(u.accessToken()).get("/api/v1/account/history?page=" + page + "&size=7");
            r.then().statusCode(200);
            assertEquals(45, (int) r.path("total"));
            assertEquals(7, (int) r.path("pages"));
            paged.addAll(r.path("items.id"));
        }
        assertEquals(expected, paged);
        bearer(u.accessToken()).get("/api/v1/account/history?page=8&size=7").then().statusCode(200)
                .body("items.size()", equalTo(0));
    }
}
