-- Service clients (OAuth 2.0 client credentials, RFC 6749 §4.4). client_id is random and no secret; a secret is kept
-- only as its keyed hash (HMAC-SHA-256 under a key derived from the service secret). A rotation keeps the previous
-- hash until previous_secret_expires_at, so deploys can roll. A deleted client keeps its row (deleted_at set, no
-- secret, no roles): its client_id is never handed out again, and the cache push after the delete can still find
-- which client it was.
CREATE TABLE clients (
    id                          uuid         PRIMARY KEY,
    client_id                   text         NOT NULL,
    name                        varchar(100) NOT NULL,
    scopes                      text[]       NOT NULL DEFAULT '{}',
    roles                       text[]       NOT NULL DEFAULT '{}',
    -- exactly one: 'client_credentials' (confidential, has a secret) or 'device_code' (a public TV client, none)
    grant_types                 text[]       NOT NULL
        CHECK (cardinality(grant_types) = 1 AND grant_types <@ ARRAY['client_credentials', 'device_code']::text[]),
    active                      boolean      NOT NULL DEFAULT true,
    secret_hash                 bytea,
    previous_secret_hash        bytea,
    previous_secret_expires_at  timestamptz,
    -- grows with every change of what the cache holds (active, roles, scopes, deletion): a late fill never wins
    state_version               bigint       NOT NULL DEFAULT 1,
    created_at                  timestamptz  NOT NULL,
    updated_at                  timestamptz  NOT NULL,
    deleted_at                  timestamptz
);
CREATE UNIQUE INDEX clients_client_id_uq ON clients (client_id);
CREATE INDEX clients_live_created_idx ON clients (created_at, id) WHERE deleted_at IS NULL;

-- the cache outbox carries client changes too (target: the client's row id)
ALTER TABLE cache_outbox DROP CONSTRAINT cache_outbox_kind_check;
ALTER TABLE cache_outbox ADD CONSTRAINT cache_outbox_kind_check
    CHECK (kind IN ('session_revoked', 'user_changed', 'client_changed'));
