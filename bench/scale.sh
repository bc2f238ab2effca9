#!/usr/bin/env bash
# Cost as the data grows (issue 15, item 3): the same figures on an empty database and on one filled with 1,000,000
# users, 10,000,000 login-history rows and 2,000,000 refresh tokens (set-based SQL, generate_series), side by side.
# Figures (wrk, the peer harness's noise control through bench/harness.sh, 15 s runs after a 10 s warm-up, median
# of 3 clean runs): login, refresh, GET /api/v1/account/history page 1 and a deep page, GET /api/v1/account/sessions,
# and the administrators' GET /api/v1/users?query= (a mix of whole usernames, pieces of usernames and emails, and
# two-letter prefixes). The schema is V5's (pg_trgm must be available: it ships with PostgreSQL). Not run in CI.
#
#   bench/scale.sh                               # empty, fill, filled (about 35 min); takes /tmp/maven.lock to measure
#   DUR=3s REPS=1 WARMUP=0 JIT_WARMUP=0 BENCH_LOCK= USERS_TOTAL=20000 HISTORY_TOTAL=200000 TOKENS_TOTAL=40000 HEAVY_HISTORY=500 \
#     DEAD_SESSIONS=50 bench/scale.sh           # smoke test
#   PHASES=filled bench/scale.sh                 # measure an already filled database again
#   ONLY="users historydeep" PG_SAMPLE=1 bench/scale.sh   # some figures, with the statements PostgreSQL was busy with
#
# The database: the service's own Flyway makes the schema (the first start on a fresh SCALE_DB). 100 bench users
# (user00001..user00100, password pw-<username>, signed up through the API) carry the per-user figures: on the empty
# database each has BASE_HISTORY (40) history rows, so page 1 is full; the fill gives each HEAVY_HISTORY (20,000)
# more and DEAD_SESSIONS (2,000) revoked or expired sessions with their tokens, and the rest goes to filler users.
# Users 1..50 read (history, sessions: their access tokens are collected once, so their live sessions are the same in
# both phases); users 51..100 log in and refresh. History rows go into monthly partitions made by the service's own
# auth_history_ensure_partition (as HistoryMaintenance does), spread over the last 360 days. Autovacuum is off on
# this machine's PostgreSQL, so the script runs VACUUM ANALYZE after filling (and ANALYZE on the empty database).
#
# Environment (defaults): PHASES ("empty fill filled"; "empty" starts from a fresh SCALE_DB); ONLY (all: history1
# historydeep sessions users login refresh); SCALE_DB (auth_scale); SCALE_REDIS_DB (6); SVC_PORT (8182);
# USERS_TOTAL (1000000) HISTORY_TOTAL (10000000) TOKENS_TOTAL (2000000); HEAVY_HISTORY (20000); DEAD_SESSIONS (2000);
# DEEP_PAGE (500, size 20: past 10,000 rows); JIT_WARMUP (20s: each read figure once after the service starts, 0
# for none); DUR (15s) WARMUP (10s) REPS THREADS CONNS etc. as bench/harness.sh;
# LOCK_DURING_FILL (0: the Maven lock is let go while filling); OUT (target/bench/scale-<time>.log).
set -euo pipefail
: "${DUR:=15s}" "${WARMUP:=10s}"
export DUR WARMUP
. "$(dirname "$0")/harness.sh"

PHASES=${PHASES:-empty fill filled}
ONLY=$(echo "${ONLY:-history1 historydeep sessions users login refresh}" | tr ',' ' ')
has() { case " $ONLY " in *" $1 "*) return 0;; *) return 1;; esac; }
phase() { case " $PHASES " in *" $1 "*) return 0;; *) return 1;; esac; }
SCALE_DB=${SCALE_DB:-auth_scale} SCALE_REDIS_DB=${SCALE_REDIS_DB:-6} SVC_PORT=${SVC_PORT:-8182}
USERS_TOTAL=${USERS_TOTAL:-1000000} HISTORY_TOTAL=${HISTORY_TOTAL:-10000000} TOKENS_TOTAL=${TOKENS_TOTAL:-2000000}
HEAVY_HISTORY=${HEAVY_HISTORY:-20000} DEAD_SESSIONS=${DEAD_SESSIONS:-2000} BASE_HISTORY=${BASE_HISTORY:-40}
DEEP_PAGE=${DEEP_PAGE:-500} LOCK_DURING_FILL=${LOCK_DURING_FILL:-0} JIT_WARMUP=${JIT_WARMUP:-20s}
BENCH_USERS=100 READERS=50
ADMIN_USER=benchadmin ADMIN_PASS="bench admin password 7"
OUT=${OUT:-$WORK/scale-$(date +%Y%m%d-%H%M%S).log}
S=$WORK/scale
SVC_DB=$SCALE_DB
exec > >(tee "$OUT") 2>&1

cleanup() { restore_groups; stop_started; }
trap cleanup EXIT
trap 'exit 130' INT TERM
sql() { psqlq -d "$SCALE_DB" "$@"; }

echo "# bench/scale.sh  $(date -u '+%Y-%m-%d %H:%M UTC') ($(date))"
echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "service: $(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-100)$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml || echo ' (+ uncommitted changes)')"
echo "java: $("$SVC_JAVA_HOME/bin/java" -version 2>&1 | head -1) ${SVC_JAVA_OPTS:+opts: $SVC_JAVA_OPTS}; PostgreSQL $(psqlq -c 'SHOW server_version')"
echo "load: wrk -t$THREADS -c$CONNS -d$DUR after a $WARMUP warm-up, median of $REPS clean runs; phases: $PHASES; figures: $ONLY"
echo "fill target: $USERS_TOTAL users, $HISTORY_TOTAL history rows, $TOKENS_TOTAL refresh tokens; per bench user +$HEAVY_HISTORY history rows, +$DEAD_SESSIONS dead sessions"

take_lock
build_service
port_free "$SVC_PORT" || { log "port $SVC_PORT is in use: set SVC_PORT"; exit 1; }

# the scheduled cleanup is off while measuring: the fill's dead sessions and tokens stay (the worst case, a backlog
# the cleanup has not reached), and no batch of deletes runs in the middle of a figure
start() { svc_start scale "$SCALE_DB" "$SCALE_REDIS_DB" "$SVC_PORT" -Dauth.cleanup.every=off; echo "service STARTUP_TO_READY_S $START_S ($1)"; }
stop() { stop_pid "$SVC_PID"; SVC_PID=; }
counts() {
  sql -F ' ' -c "SELECT 'users=' || (SELECT count(*) FROM users), 'history=' || (SELECT count(*) FROM auth_history),
    'sessions=' || (SELECT count(*) FROM sessions), 'tokens=' || (SELECT count(*) FROM tokens),
    'partitions=' || (SELECT count(*) FROM pg_inherits WHERE inhparent = 'auth_history'::regclass),
    'db=' || pg_size_pretty(pg_database_size(current_database()))"
}

# ---- tokens ---------------------------------------------------------------------------------------------------------
readers_ok() { [ -s "$S.readers.access" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$S.readers.access")" \
  "$SVC_URL/api/v1/account")" = 200 ] && [ -n "$(find "$S.readers.access" -mmin -90)" ]; }
tokens() { # reader tokens (kept across phases while they live), the administrator's token
  readers_ok || collect_tokens 1 "$READERS" "$S.readers"
  curl -fsS -H 'Content-Type: application/json' -d "{\"login\":\"$ADMIN_USER\",\"password\":\"$ADMIN_PASS\"}" \
    "$SVC_URL/api/v1/auth/login" | jq -r .access_token >"$S.admin.access"
  # what administrators type: a whole username, a piece of one, a piece of an email, the first two letters (trigram
  # searches, and a prefix one: 1-2 characters match the start of a username or email)
  seq 1 "$BENCH_USERS" | awk '{ n = sprintf("%05d", $1); k = $1 % 4
    print "/api/v1/users?query=" (k == 0 ? "user" n : k == 1 ? "r" n : k == 2 ? n "%40bench" : "us") }' >"$S.users.paths"
}
refill_pool() { # 4 sessions per login user; refilled when fewer than 2 tokens a connection are left
  if [ ! -s "$S.pool" ] || [ "$(wc -l <"$S.pool")" -lt $(( 2 * CONNS )) ]; then
    collect_tokens $(( READERS + 1 )) $(( BENCH_USERS - READERS )) "$S.login" 4; cp "$S.login.refresh" "$S.pool"
  fi
}

# ---- measuring ------------------------------------------------------------------------------------------------------
declare -A F
measure() { # measure PHASE
  local ph=$1 o
  fig() { local n=$1; wait_idle; boost_ours; o=$(figure "$@" | tee /dev/stderr | grep "^FIGURE $n " || true); restore_groups; F[$ph.$n]=$o; }
  echo "## phase $ph: $(counts)"
  tokens
  local reads=() r
  has history1 && reads+=("history1 get.lua $S.readers.access /api/v1/account/history?page=1")
  has historydeep && reads+=("historydeep get.lua $S.readers.access /api/v1/account/history?page=$DEEP_PAGE")
  has sessions && reads+=("sessions get.lua $S.readers.access /api/v1/account/sessions")
  has users && reads+=("users get.lua $S.admin.access @$S.users.paths")
  # a JVM just started is still compiling: each read figure runs once for JIT_WARMUP before the first is measured,
  # so that the first figure of a phase is not measured on a colder JVM than the others (WARMUP is per figure)
  if [ "$JIT_WARMUP" != 0 ]; then
    for r in "${reads[@]}"; do
      # shellcheck disable=SC2086 # a figure's wrk arguments, split on purpose
      echo "JITWARMUP $(DUR=$JIT_WARMUP run_one $r | cut -d' ' -f2-)"
    done
  fi
  # shellcheck disable=SC2086
  for r in "${reads[@]}"; do fig $r; done
  has login && fig login login.lua /api/v1/auth/login $(( READERS + 1 )) $(( BENCH_USERS - READERS ))
  if has refresh; then rm -f "$S.pool"; REFRESH_OUT=$S.pool BEFORE_RUN=refill_pool fig refresh refresh.lua /api/v1/auth/refresh "$S.pool" "$THREADS"; fi
  echo "sample answers: history page 1 of user00001: $(curl -s -H "Authorization: Bearer $(head -1 "$S.readers.access")" \
    "$SVC_URL/api/v1/account/history?page=1" | jq -c '{items: (.items | length), total, pages}'); deep page $DEEP_PAGE:" \
    "$(curl -s -H "Authorization: Bearer $(head -1 "$S.readers.access")" "$SVC_URL/api/v1/account/history?page=$DEEP_PAGE" | jq -c '{items: (.items | length), total}');" \
    "sessions: $(curl -s -H "Authorization: Bearer $(head -1 "$S.readers.access")" "$SVC_URL/api/v1/account/sessions" | jq length);" \
    "users?query=user00042: $(curl -s -H "Authorization: Bearer $(cat "$S.admin.access")" "$SVC_URL/api/v1/users?query=user00042" | jq -c '{items: (.items | length), total}')," \
    "query=r00042: $(curl -s -H "Authorization: Bearer $(cat "$S.admin.access")" "$SVC_URL/api/v1/users?query=r00042" | jq -c '{total}')," \
    "query=us: $(curl -s -H "Authorization: Bearer $(cat "$S.admin.access")" "$SVC_URL/api/v1/users?query=us" | jq -c '{total}')"
}

# ---- the empty database ---------------------------------------------------------------------------------------------
if phase empty; then
  log "fresh database $SCALE_DB, Redis index $SCALE_REDIS_DB"
  psqlq -c "DROP DATABASE IF EXISTS $SCALE_DB" && psqlq -c "CREATE DATABASE $SCALE_DB"
  redis-cli -h 127.0.0.1 -n "$SCALE_REDIS_DB" FLUSHDB >/dev/null
  rm -f "$S".*
  start "first start: Flyway creates the schema"
  provision_users "$SCALE_DB" 1 "$BENCH_USERS"
  svc_cli "$SCALE_DB" "$SCALE_REDIS_DB" create-superuser --username "$ADMIN_USER" --email "$ADMIN_USER@bench.example" \
    --password "$ADMIN_PASS" --if-not-exists 9>&- 2>"$WORK/cli.log"
  # the bench users' own small history: page 1 is full on the empty database too
  sql -c "INSERT INTO auth_history (id, user_id, event_type, success, ip_address, user_agent, device, fingerprint, occurred_at)
    SELECT gen_random_uuid(), u.id, (ARRAY['login','refresh','refresh','logout'])[1 + g % 4], true, '198.51.100.' || (g % 200),
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', 'desktop',
      md5(u.id::text), now() - g * interval '1 hour'
    FROM users u CROSS JOIN generate_series(1, $BASE_HISTORY) g WHERE u.username ~ '^user[0-9]{5}\$'"
  sql -c "ANALYZE"
  measure empty
fi

# ---- the fill -------------------------------------------------------------------------------------------------------
if phase fill; then
  [ -n "${SVC_PID:-}" ] && stop
  [ "$LOCK_DURING_FILL" = 1 ] || release_lock
  HASH=$(sql -c "SELECT password_hash FROM users WHERE username = 'user00001'")
  [ -n "$HASH" ] || { log "no user00001 in $SCALE_DB: run the empty phase first"; exit 1; }
  log "filling $SCALE_DB"
  t0=$(now)
  sql -v hash="$HASH" -v users_total="$USERS_TOTAL" -v history_total="$HISTORY_TOTAL" -v tokens_total="$TOKENS_TOTAL" \
    -v heavy_history="$HEAVY_HISTORY" -v dead_sessions="$DEAD_SESSIONS" <<'SQL'
\timing on
SET synchronous_commit = off;
SET client_min_messages = warning;
SET work_mem = '256MB';
SET maintenance_work_mem = '512MB';
-- no row trigger in this session: the history month counts' trigger would upsert a count for each of the 10,000,000
-- rows (half an hour); the counts are made afterwards from the rows in one set-based statement, as V7's backfill
-- does (the service is stopped, nothing else writes). Foreign keys are not checked either: the fill makes them right.
SET session_replication_role = replica;
\echo users
SELECT count(*) AS have, count(*) FILTER (WHERE username LIKE 'fill%') AS fillers FROM users \gset
INSERT INTO users (id, username, email, email_verified, password_hash, active, state_version, totp_enabled, created_at, updated_at)
SELECT gen_random_uuid(), 'fill' || lpad(i::text, 7, '0'), 'fill' || lpad(i::text, 7, '0') || '@fill.example', i % 4 <> 0,
       :'hash', i % 100 <> 0, 1, false, t, t
FROM (SELECT i, now() - random() * interval '700 days' AS t
      FROM generate_series(:fillers + 1, :fillers + greatest(0, :users_total - :have)) i) s;
INSERT INTO user_roles (user_id, role_id, granted_at)
SELECT id, '00000000-0000-0000-0000-000000000001', created_at FROM users WHERE username LIKE 'fill%' ON CONFLICT DO NOTHING;
CREATE TEMP TABLE heavy AS SELECT id FROM users WHERE username ~ '^user[0-9]{5}$';
CREATE TEMP TABLE fill_ids AS SELECT (row_number() OVER ())::int AS n, id FROM users WHERE username LIKE 'fill%';
ALTER TABLE fill_ids ADD PRIMARY KEY (n);
SELECT count(*) AS nfill FROM fill_ids \gset
SELECT count(*) AS nheavy FROM heavy \gset

\echo history partitions: the last 12 months, made by auth_history_ensure_partition as HistoryMaintenance does
SELECT count(auth_history_ensure_partition((date_trunc('month', now()) - make_interval(months => m))::date)) AS partitions_ensured
FROM generate_series(1, 12) m;
\echo history of the bench users
INSERT INTO auth_history (id, user_id, event_type, success, ip_address, user_agent, device, fingerprint, detail, occurred_at)
SELECT gen_random_uuid(), h.id, (ARRAY['login','refresh','refresh','refresh','login_failed','logout'])[1 + g % 6], g % 6 <> 4,
       '198.51.100.' || (g % 250),
       (ARRAY['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
              'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
              'Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 TV Safari/537.36'])[1 + g % 3],
       (ARRAY['desktop','mobile','tv'])[1 + g % 3], md5(h.id::text || (g % 3)), NULL,
       now() - random() * interval '360 days'
FROM heavy h CROSS JOIN generate_series(1, :heavy_history) g;
\echo history of the filler users, in chunks of 1,000,000
SELECT count(*) AS hist FROM auth_history \gset
SELECT format($f$INSERT INTO auth_history (id, user_id, event_type, success, ip_address, user_agent, device, fingerprint, detail, occurred_at)
  SELECT gen_random_uuid(), f.id, (ARRAY['login','refresh','refresh','login_failed','logout','signup'])[1 + g %% 6], g %% 6 <> 3,
         '203.0.113.' || (g %% 250),
         (ARRAY['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
                'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36'])[1 + g %% 2],
         (ARRAY['desktop','mobile'])[1 + g %% 2], md5(f.id::text), NULL, now() - random() * interval '360 days'
  FROM generate_series(%s, %s) g JOIN fill_ids f ON f.n = 1 + (g * 7919::bigint) %% %s$f$,
  lo, least(lo + 999999, :history_total - :hist), :nfill)
FROM generate_series(1, greatest(0, :history_total - :hist), 1000000) lo WHERE :nfill > 0
\gexec

\echo dead sessions of the bench users (half revoked, half expired), 2 tokens each
CREATE TEMP TABLE ns AS
SELECT gen_random_uuid() AS id, h.id AS user_id, now() - (100 + random() * 260) * interval '1 day' AS created,
       g % 2 = 0 AS revoked, 2 AS k
FROM heavy h CROSS JOIN generate_series(1, :dead_sessions) g;
\echo sessions of the filler users (70 % live, 30 % revoked), 4 tokens each, up to the token total
SELECT count(*) AS tok FROM tokens \gset
INSERT INTO ns
SELECT gen_random_uuid(), f.id, now() - random() * interval '80 days', g % 10 < 3, 4
FROM generate_series(1, greatest(0, (:tokens_total - :tok - 2 * :nheavy * :dead_sessions) / 4)) g
JOIN fill_ids f ON f.n = 1 + (g * 104729::bigint) % :nfill
WHERE :nfill > 0;
INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at, revoked_at, revoke_reason, ip_address, user_agent, authenticated_at)
SELECT id, user_id, created, created + (k - 1) * interval '1 hour', created + interval '90 days',
       CASE WHEN revoked THEN created + interval '1 day' END, CASE WHEN revoked THEN 'logout' END,
       '198.51.100.7', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36', created
FROM ns;
INSERT INTO tokens (id, session_id, user_id, token_hash, used, used_at, successor_hash, created_at, expires_at)
SELECT gen_random_uuid(), ns.id, ns.user_id, sha256(uuid_send(gen_random_uuid())), j < ns.k,
       CASE WHEN j < ns.k THEN ns.created + j * interval '1 hour' END,
       CASE WHEN j < ns.k THEN sha256(uuid_send(gen_random_uuid())) END,
       ns.created + (j - 1) * interval '1 hour', ns.created + (j - 1) * interval '1 hour' + interval '30 days'
FROM ns CROSS JOIN LATERAL generate_series(1, ns.k) j;
SET session_replication_role = origin;
\echo history month counts, from the rows
DELETE FROM auth_history_month_counts;
INSERT INTO auth_history_month_counts (user_id, month, n)
SELECT user_id, date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date, count(*)
FROM auth_history WHERE user_id IS NOT NULL GROUP BY 1, 2;
SQL
  t1=$(now)
  log "VACUUM ANALYZE (autovacuum is off here)"
  sql -c "VACUUM (ANALYZE) users, user_roles, sessions, tokens, auth_history, auth_history_month_counts"
  t2=$(now)
  echo "FILL inserts_s=$(echo "$t1 - $t0" | bc -l | awk '{printf "%.0f", $1}') vacuum_analyze_s=$(echo "$t2 - $t1" | bc -l | awk '{printf "%.0f", $1}') $(counts)"
  [ "$LOCK_DURING_FILL" = 1 ] || relock
fi

# ---- the filled database --------------------------------------------------------------------------------------------
if phase filled; then
  [ -n "${SVC_PID:-}" ] || start "on the filled database"
  measure filled
fi

# ---- the table ------------------------------------------------------------------------------------------------------
cell() { [ -n "$1" ] || { echo "not measured"; return; }
  printf '%s (p99 %s ms)%s' "$(field "$1" rps)" "$(field "$1" p99_ms | awk '{printf ($1 >= 100 ? "%.0f" : "%.1f"), $1}')" \
    "$(echo "$1" | grep -q 'noisy=1' && echo ', NOISY' || true)$( [ "$(field "$1" non2xx)" != 0 ] && echo ", $(field "$1" non2xx) non-2xx" || true)$( [ "$(field "$1" sockerr)" != 0 ] && echo ", $(field "$1" sockerr) socket errors or 10 s timeouts" || true)"; }
cpus() { [ -n "$1" ] && printf 'svc %s, pg %s' "$(field "$1" svc%)" "$(field "$1" pg%)" || true; }
echo
echo "## Result ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "| figure (requests/s) | empty database | filled database | filled ÷ empty | CPU % (empty / filled) |"
echo "|---|---|---|---|---|"
for n in login refresh history1 historydeep sessions users; do
  has "$n" || continue
  case $n in
    login) label="POST /auth/login";; refresh) label="POST /auth/refresh";;
    history1) label="GET /account/history?page=1";; historydeep) label="GET /account/history?page=$DEEP_PAGE";;
    sessions) label="GET /account/sessions";; users) label="GET /users?query= (administrator)";;
  esac
  e=${F[empty.$n]:-} f=${F[filled.$n]:-}
  echo "| $label | $(cell "$e") | $(cell "$f") | $(ratio "$(field "$f" rps)" "$(field "$e" rps)") | $(cpus "$e") / $(cpus "$f") |"
done
echo
echo "(raw output: $OUT)"
