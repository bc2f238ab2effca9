-- Accounts, roles, sessions, refresh tokens, social accounts, mail tokens, recovery codes and the login history.

CREATE TABLE users (
    id               uuid PRIMARY KEY,
    username         varchar(50)  NOT NULL,
    email            varchar(254),
    email_verified   boolean      NOT NULL DEFAULT false,
    password_hash    varchar(255),
    active           boolean      NOT NULL DEFAULT true,
    -- bumped by every change of roles or active flag: caches keep only the newest state
    state_version    bigint       NOT NULL DEFAULT 1,
    totp_secret      varchar(255),
    totp_pending     varchar(255),
    totp_enabled     boolean      NOT NULL DEFAULT false,
    totp_last_step   bigint,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL
);
CREATE UNIQUE INDEX users_username_uq ON users (lower(username));
CREATE UNIQUE INDEX users_email_uq ON users (lower(email));

CREATE TABLE roles (
    id           uuid PRIMARY KEY,
    name         varchar(64)  NOT NULL,
    description  varchar(500),
    system       boolean      NOT NULL DEFAULT false,
    created_at   timestamptz  NOT NULL
);
CREATE UNIQUE INDEX roles_name_uq ON roles (lower(name));

INSERT INTO roles (id, name, description, system, created_at) VALUES
    ('00000000-0000-0000-0000-000000000001', 'user', 'Every registered user', true, now()),
    ('00000000-0000-0000-0000-000000000002', 'superuser', 'Allowed everything', true, now());

CREATE TABLE user_roles (
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role_id     uuid        NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    granted_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, role_id)
);
CREATE INDEX user_roles_role_idx ON user_roles (role_id);

CREATE TABLE sessions (
    id             uuid PRIMARY KEY,
    user_id        uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     timestamptz  NOT NULL,
    last_used_at   timestamptz  NOT NULL,
    expires_at     timestamptz  NOT NULL,
    revoked_at     timestamptz,
    revoke_reason  varchar(32),
    ip_address     varchar(45),
    user_agent     varchar(512)
);
CREATE INDEX sessions_user_live_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- refresh tokens: only the SHA-256 of the value is kept
CREATE TABLE tokens (
    id              uuid PRIMARY KEY,
    session_id      uuid         NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id         uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash      bytea        NOT NULL,
    used            boolean      NOT NULL DEFAULT false,
    used_at         timestamptz,
    successor_hash  bytea,
    created_at      timestamptz  NOT NULL,
    expires_at      timestamptz  NOT NULL
);
CREATE UNIQUE INDEX tokens_hash_uq ON tokens (token_hash);
CREATE INDEX tokens_session_idx ON tokens (session_id);
CREATE INDEX tokens_expires_idx ON tokens (expires_at);

CREATE TABLE social_accounts (
    id          uuid PRIMARY KEY,
    user_id     uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    provider    varchar(50)   NOT NULL,
    social_id   varchar(255)  NOT NULL,
    email       varchar(254),
    created_at  timestamptz   NOT NULL
);
CREATE UNIQUE INDEX social_accounts_subject_uq ON social_accounts (provider, social_id);
CREATE UNIQUE INDEX social_accounts_user_provider_uq ON social_accounts (user_id, provider);

-- verification and reset tokens sent by mail: only the SHA-256 of the value is kept
CREATE TABLE mail_tokens (
    id          uuid PRIMARY KEY,
    user_id     uuid          NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose     varchar(16)   NOT NULL,
    token_hash  bytea         NOT NULL,
    email       varchar(254)  NOT NULL,
    created_at  timestamptz   NOT NULL,
    expires_at  timestamptz   NOT NULL,
    used_at     timestamptz
);
CREATE UNIQUE INDEX mail_tokens_hash_uq ON mail_tokens (token_hash);
CREATE INDEX mail_tokens_user_idx ON mail_tokens (user_id, purpose);
CREATE INDEX mail_tokens_expires_idx ON mail_tokens (expires_at);

CREATE TABLE recovery_codes (
    id          uuid PRIMARY KEY,
    user_id     uuid         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   bytea        NOT NULL,
    created_at  timestamptz  NOT NULL,
    used_at     timestamptz
);
CREATE INDEX recovery_codes_user_idx ON recovery_codes (user_id);

-- login history: one partition per month, a default partition so that no insert ever fails
CREATE TABLE auth_history (
    id           uuid         NOT NULL,
    user_id      uuid,
    event_type   varchar(32)  NOT NULL,
    success      boolean      NOT NULL,
    ip_address   varchar(45),
    user_agent   varchar(512),
    device       varchar(16),
    fingerprint  varchar(64),
    detail       varchar(100),
    occurred_at  timestamptz  NOT NULL,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE INDEX auth_history_user_idx ON auth_history (user_id, occurred_at DESC);
CREATE TABLE auth_history_default PARTITION OF auth_history DEFAULT;

-- Creates the month's partition if missing; rows that already landed in the default partition for that month are
-- moved into it, since PostgreSQL refuses to create a partition whose rows sit in the default one.
CREATE FUNCTION auth_history_ensure_partition(month_start date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    from_ts timestamptz := date_trunc('month', month_start)::date;
    to_ts   timestamptz := (date_trunc('month', month_start) + interval '1 month')::date;
    part    text := 'auth_history_' || to_char(month_start, 'YYYY_MM');
BEGIN
    IF to_regclass(part) IS NOT NULL THEN
        RETURN;
    END IF;
    CREATE TEMP TABLE IF NOT EXISTS auth_history_moving (LIKE auth_history) ON COMMIT DROP;
    WITH moved AS (
        DELETE FROM auth_history_default WHERE occurred_at >= from_ts AND occurred_at < to_ts RETURNING *
    )
    INSERT INTO auth_history_moving SELECT * FROM moved;
    EXECUTE format('CREATE TABLE %I PARTITION OF auth_history FOR VALUES FROM (%L) TO (%L)', part, from_ts, to_ts);
    INSERT INTO auth_history SELECT * FROM auth_history_moving;
    DELETE FROM auth_history_moving;
END;
$$;

SELECT auth_history_ensure_partition((date_trunc('month', now()) + make_interval(months => m))::date)
FROM generate_series(-1, 3) AS m;
