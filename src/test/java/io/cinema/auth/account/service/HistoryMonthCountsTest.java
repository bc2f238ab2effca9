package io.cinema.auth.account.service;

import static io.cinema.auth.support.Api.bearer;
import static io.cinema.auth.support.Api.json;
import static io.cinema.auth.support.Api.login;
import static io.cinema.auth.support.Api.signup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.account.AuthHistory;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The per-user, per-UTC-month history counts ({@code auth_history_month_counts}, V7) that the history pages read for
 * their total and their start: each test compares them with a real {@code count(*)} of the rows after one of the ways
 * rows come and go (the service's own writes, raw inserts into several partitions, the moves of
 * {@code auth_history_ensure_partition}, deletes, the drops of {@link HistoryMaintenance}). Raw rows are written in a
 * session at UTC+14 where the zone matters, so a count that followed the session's months instead of UTC's, or the
 * partitions' bounds, would be caught.
 */
@QuarkusTest
class HistoryMonthCountsTest {

    /** Far from UTC: a UTC month's last hours are the next month here. */
    static final String FAR_ZONE = "Pacific/Kiritimati";

    @Inject
    HistoryMaintenance maintenance;

    /** The month counts of a user, by UTC month (YYYY-MM). */
    static Map<String, Long> counted(UUID userId) {
        return months("SELECT to_char(month, 'YYYY-MM'), n FROM auth_history_month_counts WHERE user_id = ?1", userId);
    }

    /** The user's rows counted one by one, by UTC month: what the counts must equal. */
    static Map<String, Long> real(UUID userId) {
        return months("SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM'), count(*) FROM auth_history"
                + " WHERE user_id = ?1 GROUP BY 1", userId);
    }

    private static Map<String, Long> months(String sql, UUID userId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = AuthHistory.getEntityManager().createNativeQuery(sql).setParameter(1, userId)
                    .getResultList();
            Map<String, Long> m = new TreeMap<>();
            rows.forEach(r -> m.put((String) r[0], ((Number) r[1]).longValue()));
            return m;
        });
    }

    /** Raw history rows of a user (null: of nobody) at the given instants, written in a session of {@code zone}. */
    static void insert(String zone, UUID userId, Instant... at) {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = AuthHistory.getEntityManager();
            em.createNativeQuery("SET LOCAL TIME ZONE '" + zone + "'").executeUpdate();
            for (Instant t : at) {
                em.createNativeQuery("INSERT INTO auth_history (id, user_id, event_type, success, occurred_at)"
                        + " VALUES (?1, ?2, 'login', true, ?3)").setParameter(1, UUID.randomUUID())
                        .setParameter(2, userId).setParameter(3, t.atOffset(ZoneOffset.UTC)).executeUpdate();
            }
        });
    }

    /** Runs statements in one transaction of a session in {@code zone}. */
    static void sql(String zone, String... statements) {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = AuthHistory.getEntityManager();
            em.createNativeQuery("SET LOCAL TIME ZONE '" + zone + "'").executeUpdate();
            for (String s : statements) {
                em.createNativeQuery(s).getResultList();
            }
        });
    }

    static void ensurePartition(String zone, YearMonth m) {
        sql(zone, "SELECT auth_history_ensure_partition('" + m.atDay(1) + "')");
    }

    static void dropPartition(YearMonth m) {
        QuarkusTransaction.requiringNew().run(() -> AuthHistory.getEntityManager()
                .createNativeQuery("DROP TABLE IF EXISTS " + HistoryMaintenanceTest.partitionOf(m)).executeUpdate());
    }

    static void deleteRowsOf(UUID userId) {
        QuarkusTransaction.requiringNew().run(() -> AuthHistory.getEntityManager()
                .createNativeQuery("DELETE FROM auth_history WHERE user_id = ?1").setParameter(1, userId)
                .executeUpdate());
    }

    /** How many of the user's rows sit in the named partition. */
    static long rowsIn(String partition, UUID userId) {
        return rowsIn(partition, userId, Instant.EPOCH);
    }

    /** How many of the user's rows from {@code from} on sit in the named partition. */
    static long rowsIn(String partition, UUID userId, Instant from) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) AuthHistory.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM " + partition + " WHERE user_id = ?1 AND occurred_at >= ?2")
                .setParameter(1, userId).setParameter(2, from.atOffset(ZoneOffset.UTC)).getSingleResult()).longValue());
    }

    static Instant start(YearMonth m) {
        return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static YearMonth thisMonth() {
        return YearMonth.now(ZoneOffset.UTC);
    }

    static String key(YearMonth m) {
        return m.toString();
    }

    @Test
    void theCountTriggersAreOnEveryPartitionTheDefaultOneAndOneCreatedAfterTheMigration() {
        YearMonth later = thisMonth().plusMonths(HistoryMaintenance.MONTHS_AHEAD + 4);
        dropPartition(later);
        ensurePartition("UTC", later);
        try {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> AuthHistory.getEntityManager()
                    .createNativeQuery("""
                            SELECT c.relname::text, count(t.oid) FILTER (WHERE t.tgname = 'auth_history_count_insert'),
                                   count(t.oid) FILTER (WHERE t.tgname = 'auth_history_count_delete')
                            FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                            LEFT JOIN pg_trigger t ON t.tgrelid = c.oid
                            WHERE i.inhparent = 'auth_history'::regclass GROUP BY 1""").getResultList());
            List<String> names = rows.stream().map(r -> (String) r[0]).toList();
            assertTrue(names.contains("auth_history_default"), names.toString());
            assertTrue(names.contains(HistoryMaintenanceTest.partitionOf(later)), names.toString());
            for (Object[] r : rows) {
                assertEquals(1, ((Number) r[1]).intValue(), "insert trigger on " + r[0]);
                assertEquals(1, ((Number) r[2]).intValue(), "delete trigger on " + r[0]);
            }
        } finally {
            dropPartition(later);
        }
    }

    @Test
    void countsEqualARealCountPerUserAndUtcMonthAfterTheServicesWritesAndRawInsertsIntoSeveralPartitions() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        // the service's own writes: a failed login (its own transaction), a login, a refresh (RefreshRotation's one
        // multi-statement write)
        login(u.username(), "wrong password").then().statusCode(401);
        login(u.username(), u.password()).then().statusCode(200);
        json().body(Map.of("refresh_token", u.refreshToken())).post("/api/v1/auth/refresh").then().statusCode(200);
        YearMonth now = thisMonth();
        // the month's edges: the last microsecond of the previous UTC month (already this month at UTC+14), the
        // first of this one; two months back; far ahead, where no partition exists yet (the default partition)
        YearMonth ahead = now.plusMonths(HistoryMaintenance.MONTHS_AHEAD + 5);
        dropPartition(ahead);
        Instant edge = start(now);
        insert(FAR_ZONE, userId, edge.minusNanos(1_000), edge, edge, start(now.minusMonths(2)).plusSeconds(86_400),
                start(ahead).plusSeconds(3_600), start(ahead).plusSeconds(7_200));
        // rows of nobody are never listed and never counted; another user's rows count for that user only
        insert(FAR_ZONE, null, edge, start(ahead));
        TestUser other = signup();
        UUID otherId = UUID.fromString(other.id());
        insert("UTC", otherId, edge, start(now.minusMonths(1)));
        try {
            assertEquals(2, rowsIn("auth_history_default", userId, start(ahead)), "the rows ahead: default partition");
            Map<String, Long> real = real(userId);
            assertEquals(real, counted(userId));
            // the service's four rows, the edge of this month twice, the microsecond before it in the month before
            assertEquals(6L, real.get(key(now)), real.toString());
            assertEquals(1L, real.get(key(now.minusMonths(1))), real.toString());
            assertEquals(1L, real.get(key(now.minusMonths(2))), real.toString());
            assertEquals(2L, real.get(key(ahead)), real.toString());
            assertEquals(real(otherId), counted(otherId));
            assertEquals(Map.of(key(now), 2L, key(now.minusMonths(1)), 1L), counted(otherId),
                    "the other user's signup and first microsecond of this month, a row of the month before");
            long total = QuarkusTransaction.requiringNew().call(() -> AuthHistory.countOf(userId));
            assertEquals(10, total);
            assertEquals(10, (int) bearer(u.accessToken()).get("/api/v1/account/history?page=1&size=3").path("total"));
        } finally {
            deleteRowsOf(userId);
            deleteRowsOf(otherId);
            sql("UTC", "DELETE FROM auth_history_default WHERE user_id IS NULL AND occurred_at = '"
                    + start(ahead) + "' RETURNING id");
        }
        assertEquals(Map.of(), counted(userId), "deleting every row deletes every count");
    }

    @Test
    void movingRowsOutOfTheDefaultPartitionLeavesTheCountsAsTheyWere() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        YearMonth month = thisMonth().plusMonths(HistoryMaintenance.MONTHS_AHEAD + 3);
        dropPartition(month);
        dropPartition(month.plusMonths(1));
        // the previous UTC month's last hour, the month's first and last microseconds (UTC), its middle twice, and
        // the next month's start
        Instant middle = start(month).plusSeconds(10 * 86_400);
        insert("UTC", userId, start(month).minusSeconds(3_600), start(month), middle, middle,
                start(month.plusMonths(1)).minusNanos(1_000), start(month.plusMonths(1)));
        try {
            assertEquals(6, rowsIn("auth_history_default", userId));
            Map<String, Long> before = counted(userId);
            assertEquals(real(userId), before);
            assertEquals(4L, before.get(key(month)));
            // made at UTC+14, the partition's bounds are 14 hours before the UTC month's: the last hour of the
            // previous UTC month moves in with the month, the month's last hours stay in the default partition
            ensurePartition(FAR_ZONE, month);
            String partition = HistoryMaintenanceTest.partitionOf(month);
            assertEquals(4, rowsIn(partition, userId), "moved: the hour before the UTC month, its start, its middle");
            assertEquals(2, rowsIn("auth_history_default", userId), "left: the month's last hours, the next month");
            assertEquals(before, counted(userId), "the DELETE and INSERT of the move cancel out");
            assertEquals(real(userId), counted(userId));
        } finally {
            deleteRowsOf(userId);
            dropPartition(month);
        }
        assertEquals(Map.of(), counted(userId));
    }

    @Test
    void deletesFromTheDefaultPartitionCountDownAndAnEmptiedMonthKeepsNoRow() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        YearMonth month = thisMonth().plusMonths(HistoryMaintenance.MONTHS_AHEAD + 6);
        dropPartition(month);
        insert("UTC", userId, start(month).plusSeconds(60), start(month).plusSeconds(120),
                start(month).plusSeconds(180));
        try {
            assertEquals(3L, counted(userId).get(key(month)));
            // straight into the partition (as HistoryMaintenance's cleanup does), then through the parent
            sql("UTC", "DELETE FROM auth_history_default WHERE user_id = '" + userId + "' AND occurred_at = '"
                    + start(month).plusSeconds(60) + "' RETURNING id");
            assertEquals(2L, counted(userId).get(key(month)));
            assertEquals(real(userId), counted(userId));
            sql("UTC", "DELETE FROM auth_history WHERE user_id = '" + userId + "' AND occurred_at >= '"
                    + start(month) + "' RETURNING id");
            assertFalse(counted(userId).containsKey(key(month)), "a month counted down to 0 has no row");
            assertEquals(real(userId), counted(userId));
            // and the month starts again at 1
            insert("UTC", userId, start(month).plusSeconds(240));
            assertEquals(1L, counted(userId).get(key(month)));
            long zeros = QuarkusTransaction.requiringNew().call(() -> ((Number) AuthHistory.getEntityManager()
                    .createNativeQuery("SELECT count(*) FROM auth_history_month_counts WHERE n <= 0")
                    .getSingleResult()).longValue());
            assertEquals(0, zeros, "no count of 0 or less anywhere");
        } finally {
            deleteRowsOf(userId);
        }
    }

    @Test
    void droppingOldMonthsTakesTheirCountsOutExactlyAndKeepsTheOtherMonths() {
        TestUser u = signup();
        UUID userId = UUID.fromString(u.id());
        TestUser other = signup();
        UUID otherId = UUID.fromString(other.id());
        YearMonth jan = YearMonth.of(2020, 1);
        List<YearMonth> old = List.of(jan, jan.plusMonths(1), jan.plusMonths(2));
        old.forEach(HistoryMonthCountsTest::dropPartition);
        // partitions made at UTC+14: each starts 14 hours before its UTC month
        old.forEach(m -> ensurePartition(FAR_ZONE, m));
        insert(FAR_ZONE, userId, Instant.parse("2020-01-10T12:00:00Z"), Instant.parse("2020-01-11T12:00:00Z"),
                Instant.parse("2020-01-12T12:00:00Z"),
                // UTC January, but in the February partition
                Instant.parse("2020-01-31T15:00:00Z"),
                Instant.parse("2020-02-15T12:00:00Z"), Instant.parse("2020-03-05T12:00:00Z"),
                // UTC March, past the March partition's end: the default partition
                Instant.parse("2020-03-31T12:00:00Z"));
        insert(FAR_ZONE, otherId, Instant.parse("2020-02-29T23:00:00Z"));
        insert("UTC", userId, start(thisMonth()).plusSeconds(60));
        assertEquals(1, rowsIn(HistoryMaintenanceTest.partitionOf(jan.plusMonths(2)), otherId),
                "the last UTC hour of February is in the March partition");
        assertEquals(1, rowsIn("auth_history_default", userId));
        assertEquals(2, rowsIn(HistoryMaintenanceTest.partitionOf(jan.plusMonths(1)), userId));
        Map<String, Long> before = counted(userId);
        assertEquals(real(userId), before);
        assertEquals(4L, before.get("2020-01"));
        assertEquals(1L, before.get("2020-02"));
        assertEquals(2L, before.get("2020-03"));
        assertEquals(Map.of("2020-02", 1L, key(thisMonth()), 1L), counted(otherId), "the other user's signup and row");
        try {
            List<String> dropped = maintenance.run();
            old.forEach(m -> assertTrue(dropped.contains(HistoryMaintenanceTest.partitionOf(m)), dropped.toString()));
            Map<String, Long> after = counted(userId);
            assertEquals(real(userId), after);
            assertEquals(Map.of(key(thisMonth()), 2L), after, "the signup and this month's row are left");
            assertEquals(real(otherId), counted(otherId));
            assertEquals(1, counted(otherId).size());
        } finally {
            old.forEach(HistoryMonthCountsTest::dropPartition);
            deleteRowsOf(userId);
            deleteRowsOf(otherId);
        }
    }
}
