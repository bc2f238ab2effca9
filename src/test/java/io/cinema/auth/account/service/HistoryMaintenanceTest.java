package io.cinema.auth.account.service;

import static io.cinema.auth.support.Api.signup;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.cinema.auth.account.AuthHistory;
import io.cinema.auth.support.Api.TestUser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HistoryMaintenanceTest {

    @Inject
    HistoryMaintenance maintenance;

    static boolean exists(String table) {
        return QuarkusTransaction.requiringNew().call(() -> AuthHistory.getEntityManager()
                .createNativeQuery("SELECT to_regclass(?1) IS NOT NULL").setParameter(1, table).getSingleResult()
                .equals(Boolean.TRUE));
    }

    static String partitionOf(YearMonth m) {
        return String.format("auth_history_%04d_%02d", m.getYear(), m.getMonthValue());
    }

    @Test
    void futureMonthsAreCreatedAheadSoInsertsLandInTheirMonth() {
        maintenance.run();
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        for (int m = 0; m <= HistoryMaintenance.MONTHS_AHEAD; m++) {
            assertTrue(exists(partitionOf(now.plusMonths(m))), partitionOf(now.plusMonths(m)));
        }
        TestUser u = signup();
        long inDefault = QuarkusTransaction.requiringNew().call(() -> ((Number) AuthHistory.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM auth_history_default WHERE user_id = ?1")
                .setParameter(1, UUID.fromString(u.id())).getSingleResult()).longValue());
        assertEquals(0, inDefault, "the default partition stays empty");
    }

    @Test
    void rowsInTheDefaultPartitionMoveIntoTheirMonthWhenItIsCreatedAndOldMonthsAreDropped() {
        YearMonth far = YearMonth.now(ZoneOffset.UTC).plusMonths(HistoryMaintenance.MONTHS_AHEAD + 2);
        YearMonth old = YearMonth.now(ZoneOffset.UTC).minusMonths(30);
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            var em = AuthHistory.getEntityManager();
            em.createNativeQuery("DROP TABLE IF EXISTS " + partitionOf(far)).executeUpdate();
            em.createNativeQuery("SELECT auth_history_ensure_partition(CAST(?1 AS date))")
                    .setParameter(1, old.atDay(1).toString()).getSingleResult();
            em.createNativeQuery("INSERT INTO auth_history (id, event_type, success, occurred_at) VALUES (?1, 'login', true, ?2)")
                    .setParameter(1, id).setParameter(2, far.atDay(2).atStartOfDay(ZoneOffset.UTC).toOffsetDateTime())
                    .executeUpdate();
        });
        assertTrue(exists(partitionOf(old)));
        // the month ahead is created by the SQL function with the row moved out of the default partition
        QuarkusTransaction.requiringNew().run(() -> AuthHistory.getEntityManager()
                .createNativeQuery("SELECT auth_history_ensure_partition(CAST(?1 AS date))")
                .setParameter(1, far.atDay(1).toString()).getSingleResult());
        long inMonth = QuarkusTransaction.requiringNew().call(() -> ((Number) AuthHistory.getEntityManager()
                .createNativeQuery("SELECT count(*) FROM " + partitionOf(far) + " WHERE id = ?1").setParameter(1, id)
                .getSingleResult()).longValue());
        assertEquals(1, inMonth);
        List<String> dropped = maintenance.run();
        assertTrue(dropped.contains(partitionOf(old)), dropped.toString());
        assertFalse(exists(partitionOf(old)));
        assertTrue(exists(partitionOf(YearMonth.from(LocalDate.now(ZoneOffset.UTC)))));
        QuarkusTransaction.requiringNew().run(() -> AuthHistory.getEntityManager()
                .createNativeQuery("DROP TABLE IF EXISTS " + partitionOf(far)).executeUpdate());
    }
}
