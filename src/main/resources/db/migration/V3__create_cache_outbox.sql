-- Changes of cached authorization state that Redis has not taken yet. A row is written in the transaction of the
-- change itself, pushed to Redis after the commit and deleted once Redis has it; while Redis refuses writes the rows
-- wait here and a job on every replica pushes them (FOR UPDATE SKIP LOCKED shares the work).
CREATE TABLE cache_outbox (
    id          uuid PRIMARY KEY,
    -- 'session_revoked': target is a session id; 'user_changed': target is a user id (its state is read at push time)
    kind        varchar(16) NOT NULL CHECK (kind IN ('session_revoked', 'user_changed')),
    target      uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cache_outbox_created_idx ON cache_outbox (created_at);
