-- Costs that must not grow with the data (issue 15): the administrators' user search, the history and sessions pages,
-- and the scheduled cleanup of dead refresh tokens and sessions.

-- User search (User.search): a query of 3 or more characters matches anywhere in the lower-cased username or email
-- (LIKE '%q%'), one of 1 or 2 characters matches their start (LIKE 'q%'); both are answered from these trigram
-- indexes (pg_trgm pads the start of a value, so a prefix has trigrams too) instead of a scan of every account.
-- pg_trgm ships with PostgreSQL (Debian: postgresql-<version>, or postgresql-contrib before 10; the postgres image has
-- it) and is a trusted extension, so the service's own database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_username_trgm_idx ON users USING gin (lower(username) gin_trgm_ops);
CREATE INDEX users_email_trgm_idx ON users USING gin (lower(email) gin_trgm_ops);
-- the listing without a query, newest first (the search's order: created_at DESC, id)
CREATE INDEX users_created_idx ON users (created_at DESC, id);

-- History pages (AuthHistory.pageOf): the page's keys come from an index-only walk in the answer's exact order,
-- then only its rows are read; the count is index-only too. This index takes over from auth_history_user_idx.
CREATE INDEX auth_history_user_page_idx ON auth_history (user_id, occurred_at DESC, id DESC);
DROP INDEX auth_history_user_idx;

-- Sessions list and revocations (Session.findLiveByUser, findUnrevokedByUser): a user's unrevoked sessions by their
-- end, so sessions past their end are skipped by the index rather than read and filtered.
CREATE INDEX sessions_user_unrevoked_idx ON sessions (user_id, expires_at) WHERE revoked_at IS NULL;
DROP INDEX sessions_user_live_idx;

-- The cleanup (token/SessionCleanup): sessions past their absolute end, and revoked ones, oldest first.
CREATE INDEX sessions_expires_idx ON sessions (expires_at);
CREATE INDEX sessions_revoked_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
