-- TV sign-in by device code (RFC 8628). One row per device authorization request: the TV holds the device_code
-- (kept here only as its keyed hash, HMAC-SHA-256 under a key derived from the service secret) and shows the
-- user_code, which a signed-in viewer approves or denies from a phone. The row is the one truth every replica
-- shares: its status, and the polling state that decides slow_down (the interval, grown by 5 s at each too-early
-- poll, and the last poll), change under a row lock (SELECT ... FOR UPDATE), so two replicas never hand out one
-- approval twice and a TV that hops between replicas is judged by one clock.
CREATE TABLE device_codes (
    id                 uuid          PRIMARY KEY,
    client_id          uuid          NOT NULL REFERENCES clients (id),
    device_code_hash   bytea         NOT NULL,
    -- normalised: 8 letters of BCDFGHJKLMNPQRSTVWXZ, no dash (shown as XXXX-XXXX)
    user_code          varchar(8)    NOT NULL CHECK (user_code ~ '^[BCDFGHJKLMNPQRSTVWXZ]{8}$'),
    scopes             text[]        NOT NULL DEFAULT '{}',
    requested_at       timestamptz   NOT NULL,
    expires_at         timestamptz   NOT NULL,
    -- where the TV asked from: shown to the approver, and the TV session's own address and agent
    device_ip          varchar(45),
    device_user_agent  varchar(512),
    status             varchar(16)   NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'approved', 'denied', 'consumed')),
    -- the viewer who approved or denied, when, and the TV session the approval opened
    decided_by         uuid          REFERENCES users (id) ON DELETE CASCADE,
    decided_at         timestamptz,
    session_id         uuid          REFERENCES sessions (id) ON DELETE SET NULL,
    interval_seconds   integer       NOT NULL CHECK (interval_seconds > 0),
    last_polled_at     timestamptz
);
CREATE UNIQUE INDEX device_codes_hash_uq ON device_codes (device_code_hash);
-- a user code names one pending request at a time (lookups and approvals match only pending, unexpired rows)
CREATE UNIQUE INDEX device_codes_user_code_uq ON device_codes (user_code) WHERE status = 'pending';
-- the cleanup (device/DeviceCodeCleanup), oldest first
CREATE INDEX device_codes_expires_idx ON device_codes (expires_at);
-- session deletions (token/SessionCleanup) set session_id to null through the foreign key
CREATE INDEX device_codes_session_idx ON device_codes (session_id) WHERE session_id IS NOT NULL;

-- A session the device flow opened: the device client (a TV) it was signed in through, and the role names its tokens
-- may carry of the user's (the TV client's roles at the approval, never superuser or the administrator role).
-- allowed_roles null means every role of the user (a login of the user's own). The restriction lives on the session,
-- so refreshes, the permission check, forward authentication and the account endpoints honour it on every replica.
ALTER TABLE sessions ADD COLUMN device_client_id uuid REFERENCES clients (id);
ALTER TABLE sessions ADD COLUMN allowed_roles text[];
-- TV sessions follow renames and deletions of the roles they name (device/DeviceRoleNames)
CREATE INDEX sessions_allowed_roles_idx ON sessions USING gin (allowed_roles) WHERE allowed_roles IS NOT NULL;
