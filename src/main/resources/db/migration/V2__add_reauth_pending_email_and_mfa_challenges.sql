-- Re-authentication: when a session last proved the password (login, mfa, reauth); null for a session that never
-- did (the device flow), which never counts as recently authenticated.
ALTER TABLE sessions ADD COLUMN authenticated_at timestamptz;
UPDATE sessions SET authenticated_at = created_at;

-- An email change waits here until the new address's link is used; it reserves nothing.
ALTER TABLE users ADD COLUMN pending_email varchar(254);

-- A login whose password (or provider) was right and whose second factor is still to come: the mfa_token's hash,
-- single use, short-lived, dead after a few wrong codes. A social login that joins an account by email keeps the
-- link to write here until the code is accepted.
CREATE TABLE mfa_challenges (
    id            uuid PRIMARY KEY,
    token_hash    bytea         NOT NULL,
    user_id       uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          varchar(16)   NOT NULL,
    provider      varchar(50),
    social_id     varchar(255),
    social_email  varchar(254),
    failures      integer       NOT NULL DEFAULT 0,
    created_at    timestamptz   NOT NULL,
    expires_at    timestamptz   NOT NULL,
    used_at       timestamptz
);
CREATE UNIQUE INDEX mfa_challenges_hash_uq ON mfa_challenges (token_hash);
CREATE INDEX mfa_challenges_user_idx ON mfa_challenges (user_id);
CREATE INDEX mfa_challenges_expires_idx ON mfa_challenges (expires_at);
