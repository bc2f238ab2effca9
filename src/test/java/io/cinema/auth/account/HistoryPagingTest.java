package io.cinema.auth.account;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.signup;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
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

    /** The page as the plain OFFSET query over all the user's rows computes it: what every page must equal. */
    @SuppressWarnings("unchecked")
    static List<UUID> plainOffsetPage(UUID userId, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> (List<UUID>) AuthHistory.getEntityManager()
                .createNativeQuery("SELECT id FROM auth_history WHERE user_id = ?1 ORDER BY occurred_at DESC, id DESC"
                        + " OFFSET ?2 LIMIT ?3", UUID.class).setParameter(1, userId).setParameter(2, (page - 1) * size)
                .setParameter(3, size).getResultList());
    }

    static void insertAt(UUID userId, Instant... at) {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = AuthHistory.getEntityManager();
            for (Instant t : at) {
                em.createNativeQuery("INSERT INTO auth_history (id, user_id, event_type, success, occurred_at)"
                        + " VALUES (?1, ?2, 'login', true, ?3)").setParameter(1, UUID.randomUUID())
                        .setParameter(2, userId).setParameter(3, t.atOffset(ZoneOffset.UTC)).executeUpdate();
            }
        });
    }

    @Test
    void everyPageStartedFromTheMonthCountsEqualsThePlainOffsetPage() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        Instant thisMonth = now.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant threeBack = now.minusMonths(3).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Instant> at = new ArrayList<>();
        // this month: the signup and 12 rows, three of them at the month's first microsecond, pairs sharing a time
        for (int i = 0; i < 9; i++) {
            at.add(thisMonth.plusSeconds(3_600 + (i / 2) * 60L));
        }
        at.add(thisMonth);
        at.add(thisMonth);
        at.add(thisMonth);
        // the month before: its last microsecond twice; two months back: nothing; three back: 9 rows, 4 at one time
        at.add(thisMonth.minusNanos(1_000));
        at.add(thisMonth.minusNanos(1_000));
        for (int i = 0; i < 9; i++) {
            at.add(threeBack.plusSeconds(86_400 + Math.max(0, i - 3) * 60L));
        }
        insertAt(userId, at.toArray(Instant[]::new));
        assertEquals(24, QuarkusTransaction.requiringNew().call(() -> AuthHistory.countOf(userId)));
        for (int size : new int[] {1, 2, 5, 7, 13, 14, 24, 100}) {
            long pages = (24 + size - 1) / size;
            for (int page = 1; page <= pages + 1; page++) {
                int p = page;
                AuthHistory.Counted counted = QuarkusTransaction.requiringNew()
                        .call(() -> AuthHistory.pageOf(userId, p, size));
                List<UUID> ids = counted.items().stream().map(h -> h.id).toList();
                assertEquals(plainOffsetPage(userId, page, size), ids, "page " + page + " of " + size);
                assertEquals(page <= pages ? Math.min(size, 24 - (page - 1) * size) : 0, ids.size());
                assertEquals(24, counted.total());
            }
        }
        // through the API, size 5: pages 1 and 2 inside this month, 3 straddles into the month before, 4 inside
        // three months back, 5 its last partial page, 6 past the end (size 13's page 2 starts in the month before and
        // runs on into three months back, size 14's starts inside the month before)
        for (int page = 1; page <= 6; page++) {
            Response r = bearer(u.accessToken()).get("/api/v1/account/history?page=" + page + "&size=5");
            r.then().statusCode(200);
            assertEquals(24, (int) r.path("total"));
            assertEquals(5, (int) r.path("pages"));
            assertEquals(plainOffsetPage(userId, page, 5).stream().map(UUID::toString).toList(), r.path("items.id"),
                    "page " + page);
        }
    }

    @Test
    void countsAheadOfTheRowsGiveAShortPageNotAnError() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        // as if rows were deleted between the read of the counts and the read of the keys; taken back in the same
        // transaction
        List<AuthHistory.Counted> pages = QuarkusTransaction.requiringNew().call(() -> {
            var em = AuthHistory.getEntityManager();
            em.createNativeQuery("UPDATE auth_history_month_counts SET n = n + 10 WHERE user_id = ?1")
                    .setParameter(1, userId).executeUpdate();
            List<AuthHistory.Counted> read = List.of(AuthHistory.pageOf(userId, 1, 5),
                    AuthHistory.pageOf(userId, 2, 5));
            em.createNativeQuery("UPDATE auth_history_month_counts SET n = n - 10 WHERE user_id = ?1")
                    .setParameter(1, userId).executeUpdate();
            return read;
        });
        assertEquals(11, pages.get(0).total());
        assertEquals(1, pages.get(0).items().size(), "the one row there is");
        assertEquals(11, pages.get(1).total());
        assertEquals(List.of(), pages.get(1).items());
        assertEquals(1, QuarkusTransaction.requiringNew().call(() -> AuthHistory.countOf(userId)));
    }

    @Test
    void rowsDeletedFromANewerMonthAfterTheCountsWereReadMoveThePageIntoTheSpareOlderMonthNotCutItShort() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        Instant thisMonth = now.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant oneBack = now.minusMonths(1).atDay(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant twoBack = now.minusMonths(2).atDay(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        // this month: the signup and 2 rows; a month back: 2 rows; two months back: 3 rows
        // (the two rows of this month at its start: in this month even when the test runs in its first minutes)
        insertAt(userId, thisMonth.plusSeconds(2), thisMonth.plusSeconds(1), oneBack.plusSeconds(60),
                oneBack, twoBack.plusSeconds(120), twoBack.plusSeconds(60), twoBack);
        List<UUID> expected = plainOffsetPage(userId, 2, 3);
        // as if two rows of this month were deleted after the counts were read: the counts say 5 rows this month, so
        // page 2 of 3 seems to end a month back, but the rows there are a month back and two months back
        List<AuthHistory.Counted> read = QuarkusTransaction.requiringNew().call(() -> {
            var em = AuthHistory.getEntityManager();
            String monthSql = "date_trunc('month', now() AT TIME ZONE 'UTC')::date";
            em.createNativeQuery("UPDATE auth_history_month_counts SET n = n + 2 WHERE user_id = ?1 AND month = "
                    + monthSql).setParameter(1, userId).executeUpdate();
            List<AuthHistory.Counted> pages = List.of(AuthHistory.pageOf(userId, 2, 3));
            em.createNativeQuery("UPDATE auth_history_month_counts SET n = n - 2 WHERE user_id = ?1 AND month = "
                    + monthSql).setParameter(1, userId).executeUpdate();
            return pages;
        });
        assertEquals(3, expected.size());
        assertEquals(expected, read.get(0).items().stream().map(h -> h.id).toList(),
                "the page runs on into the month below the one the counts end it in");
        assertEquals(10, read.get(0).total());
    }
}
