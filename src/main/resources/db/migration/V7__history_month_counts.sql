-- History pages without a count of every row (AuthHistory.pageOf): how many history rows each user has in each UTC
-- month, kept by triggers in the transaction that writes the rows. A page's total is the sum of the user's dozen or so
-- months, and a deep page's OFFSET starts in the month it falls in (the newer months are skipped by their counts)
-- instead of walking every newer index entry.
--
-- month is the UTC month of occurred_at (date_trunc of occurred_at AT TIME ZONE 'UTC'), whatever the session's time
-- zone, and so whatever time zone the partitions' bounds were made in: the counts never depend on the partitions.
-- Rows without a user (failed logins of unknown names) are never listed, so they are not counted. A row exists only
-- while n >= 1: the delete trigger removes a row that falls to 0, and HistoryMaintenance removes the rows of the
-- months it drops.
CREATE TABLE auth_history_month_counts (
    user_id  uuid    NOT NULL,
    month    date    NOT NULL,
    n        bigint  NOT NULL,
    PRIMARY KEY (user_id, month)
);

-- Every login and refresh writes a history row, so the insert side is one upsert and nothing else. A row arrives
-- here only through the WHEN of its trigger (user_id is not null).
CREATE FUNCTION auth_history_count_insert() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO auth_history_month_counts AS c (user_id, month, n)
    VALUES (NEW.user_id, date_trunc('month', NEW.occurred_at AT TIME ZONE 'UTC')::date, 1)
    ON CONFLICT (user_id, month) DO UPDATE SET n = c.n + 1;
    RETURN NULL;
END;
$$;

-- Deletes are rare (the cleanup of the default partition, auth_history_ensure_partition moving rows out of it). The
-- update locks the count's row, so the delete of a row that fell to 0 cannot race an insert: an insert waiting on the
-- lock finds no conflicting row afterwards and starts the month again at 1. auth_history_ensure_partition's DELETE
-- then INSERT of the same rows thus leaves every count as it was.
CREATE FUNCTION auth_history_count_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    m          date := date_trunc('month', OLD.occurred_at AT TIME ZONE 'UTC')::date;
    remaining  bigint;
BEGIN
    UPDATE auth_history_month_counts SET n = n - 1 WHERE user_id = OLD.user_id AND month = m
    RETURNING n INTO remaining;
    IF remaining <= 0 THEN
        DELETE FROM auth_history_month_counts WHERE user_id = OLD.user_id AND month = m;
    END IF;
    RETURN NULL;
END;
$$;

-- No UPDATE trigger: the service never updates a history row (rows are only inserted, moved between partitions by
-- DELETE + INSERT, deleted, or dropped with their partition), so user_id and occurred_at never change in place. An
-- UPDATE of either column by hand would leave the counts wrong; rebuild them with the backfill below if one is needed.
-- TRUNCATE and DROP fire no row trigger either: HistoryMaintenance subtracts a month's counts before it drops it.

-- Nothing may write history between the triggers' creation and the backfill (a row written before the triggers and
-- missed by the backfill's snapshot, or counted twice): SHARE ROW EXCLUSIVE, the lock CREATE TRIGGER takes anyway,
-- held from here to the commit, blocks writers (they wait, then their rows fire the triggers) and lets readers on.
-- LOCK on the partitioned table takes it on every partition.
LOCK TABLE auth_history IN SHARE ROW EXCLUSIVE MODE;

-- Row triggers on the partitioned table: PostgreSQL clones them onto every partition, the default one and those
-- created later included, so an insert or delete straight into a partition is counted too.
CREATE TRIGGER auth_history_count_insert AFTER INSERT ON auth_history
    FOR EACH ROW WHEN (NEW.user_id IS NOT NULL) EXECUTE FUNCTION auth_history_count_insert();
CREATE TRIGGER auth_history_count_delete AFTER DELETE ON auth_history
    FOR EACH ROW WHEN (OLD.user_id IS NOT NULL) EXECUTE FUNCTION auth_history_count_delete();

INSERT INTO auth_history_month_counts (user_id, month, n)
SELECT user_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, count(*)
FROM auth_history WHERE user_id IS NOT NULL GROUP BY 1, 2;
