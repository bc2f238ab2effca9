# Shared by bench/compare.sh and bench/scale.sh (sourced, not run). Starts and stops this service (and the minimal
# app) by PID, provisions bench users, collects tokens, and runs wrk with the peer harness's noise control:
# ../shared/bench/peer-keycloak/load.sh's figure()/run_one() repeated here for a service that is not Keycloak, with
# the same defaults, the same RUN/FIGURE lines and the peer's wrk/common.lua for the result line.
#
# Environment (defaults): PEER_DIR (<repo>/../shared/bench/peer-keycloak), WORK (<repo>/target/bench),
# SVC_JAVA_HOME (the JDK of `java` on PATH), SVC_JAVA_OPTS (none), SVC_OPTIONS (@deploy/jvm.options, the JVM options the
# README runs the service with, given to this service and the minimal app; empty: the JVM's defaults),
# JAR (target/quarkus-app/quarkus-run.jar),
# DUR (30s) THREADS (2) CONNS (16) REPS (3) WARMUP (15s) PAUSE (5) NICE_MAX (10) MAX_RUNS (7) QUIET_WAIT (180) BOOST (1),
# IDLE_WAIT_S (30), PG_SAMPLE (0: 1 samples pg_stat_activity during our runs and prints the busiest statements).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PEER_DIR=${PEER_DIR:-$(cd "$ROOT/.." && pwd)/shared/bench/peer-keycloak}
[ -x "$PEER_DIR/load.sh" ] || { echo "no peer harness at $PEER_DIR (set PEER_DIR)" >&2; exit 1; }
export PEER_WRK=$PEER_DIR/wrk
WORK=${WORK:-$ROOT/target/bench}
mkdir -p "$WORK"
SVC_JAVA_HOME=${SVC_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
SVC_JAVA_OPTS=${SVC_JAVA_OPTS:-}
SVC_OPTIONS=${SVC_OPTIONS-@$ROOT/deploy/jvm.options}
JAR=${JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}
DUR=${DUR:-30s} THREADS=${THREADS:-2} CONNS=${CONNS:-16} REPS=${REPS:-3} PAUSE=${PAUSE:-5}
WARMUP=${WARMUP:-15s}
NICE_MAX=${NICE_MAX:-10} MAX_RUNS=${MAX_RUNS:-7} QUIET_WAIT=${QUIET_WAIT:-180}
BOOST=${BOOST:-1} IDLE_WAIT_S=${IDLE_WAIT_S:-30} PG_SAMPLE=${PG_SAMPLE:-0}
export DUR THREADS CONNS REPS PAUSE WARMUP NICE_MAX MAX_RUNS QUIET_WAIT BOOST
CLK=$(getconf CLK_TCK)
# Argon2id as Keycloak's default (t=5, m=7 MiB, p=1); rate limits off; access tokens live 2 h like the peer realm's
ARGON2_OPTS=(-Dauth.password.argon2.iterations=5 -Dauth.password.argon2.memory-kib=7168 -Dauth.password.argon2.parallelism=1)

log() { echo "[bench] $*" >&2; }

# ---- the Maven lock and the build ----------------------------------------------------------------------------------
# BENCH_LOCK (/tmp/maven.lock): held on descriptor 9 while measuring, so no build or test runs at the same time (the
# processes we start get `9>&-`, so none of them keeps it). Empty for a smoke test, or when run under flock already.
BENCH_LOCK=${BENCH_LOCK-/tmp/maven.lock}
take_lock() {
  [ -n "$BENCH_LOCK" ] || return 0
  log "waiting for $BENCH_LOCK (no build or test may run while we measure)"
  exec 9>>"$BENCH_LOCK"; flock 9
  log "holding $BENCH_LOCK"
  lock_note
}
lock_note() { # who holds the lock, for whoever wonders (flock ignores the file's content)
  { truncate -s 0 "$BENCH_LOCK" && echo "held by $(basename "$0") (PID $$, measuring; started $(date -u +%H:%M) UTC)" >&9; } 2>/dev/null || true
}
release_lock() { [ -z "$BENCH_LOCK" ] || { flock -u 9; log "released $BENCH_LOCK"; }; }
relock() { [ -z "$BENCH_LOCK" ] || { log "waiting for $BENCH_LOCK again"; flock 9; log "holding $BENCH_LOCK"; lock_note; }; }
# mvnw ARGS...: ./mvnw under the lock (ours when we hold it, else flock's)
mvnw() { if [ -n "$BENCH_LOCK" ]; then (cd "$ROOT" && ./mvnw "$@" 9>&-); else (cd "$ROOT" && flock -o /tmp/maven.lock ./mvnw "$@"); fi; }
# build_service: BUILD=auto packages when the jar is missing or older than src/main or pom.xml; 1 always; 0 never
build_service() {
  local b=${BUILD:-auto}
  if [ "$b" = 1 ] || [ ! -f "$JAR" ] || { [ "$b" = auto ] && [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" | head -1)" ]; }; then
    log "packaging the service"; mvnw -B -q package -DskipTests
  fi
}
psqlq() { psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qtAX "$@"; }
port_free() { ! ss -Hltn "sport = :$1" | grep -q .; }
now() { date +%s.%N; }

# ---- our processes, by PID only ------------------------------------------------------------------------------------
STARTED_PIDS=()
stop_pid() { # stop_pid PID: TERM, wait for the graceful shutdown, KILL after 40 s
  local p=$1
  kill -0 "$p" 2>/dev/null || return 0
  kill -TERM "$p" 2>/dev/null || true
  for _ in $(seq 1 400); do kill -0 "$p" 2>/dev/null || return 0; sleep 0.1; done
  log "PID $p still alive after 40 s: KILL"; kill -KILL "$p" 2>/dev/null || true
}
stop_started() { local p; for p in "${STARTED_PIDS[@]}"; do stop_pid "$p"; done; STARTED_PIDS=(); }

# java_start NAME URL LOG ARGS...: starts `java ARGS` in its own session (so the autogroup boost applies to it alone),
# waits for the first 200 from URL (100 ms polling, as the peer's setup.sh), sets STARTED_PID and START_S
java_start() {
  local name=$1 url=$2 logf=$3; shift 3
  local t0 t1 p
  t0=$(now)
  setsid "$SVC_JAVA_HOME/bin/java" $SVC_JAVA_OPTS "$@" >"$logf" 2>&1 </dev/null 9>&- &
  p=$!
  STARTED_PIDS+=("$p")
  [ "$BOOST" = 1 ] && echo -19 >"/proc/$p/autogroup" 2>/dev/null || true
  for _ in $(seq 1 1200); do
    if curl -fs -o /dev/null "$url"; then
      t1=$(now)
      [ -w "/proc/$p/autogroup" ] && echo 0 >"/proc/$p/autogroup" 2>/dev/null || true
      STARTED_PID=$p
      START_S=$(echo "$t1 - $t0" | bc -l | awk '{printf "%.2f", $1}')
      return 0
    fi
    kill -0 "$p" 2>/dev/null || { log "$name exited; last lines of $logf:"; tail -20 "$logf" >&2; return 1; }
    sleep 0.1
  done
  log "$name not ready after 120 s; see $logf"; return 1
}

rss_mib() { echo $(( $(awk '/VmRSS/{print $2}' "/proc/$1/status") / 1024 )); }

# svc_start NAME DB REDIS_INDEX PORT [EXTRA -D...]: this service, loopback only, bench settings; sets SVC_PID, SVC_URL
svc_start() {
  local name=$1 db=$2 ridx=$3 port=$4; shift 4
  [ -f "$JAR" ] || { log "no $JAR (build first)"; return 1; }
  port_free "$port" || { log "port $port is in use: set another"; return 1; }
  [ "$(psqlq -c "SELECT 1 FROM pg_database WHERE datname='$db'")" = 1 ] || psqlq -c "CREATE DATABASE $db"
  SVC_URL=http://127.0.0.1:$port
  java_start "$name" "$SVC_URL/q/health/ready" "$WORK/$name.log" ${SVC_OPTIONS:+"$SVC_OPTIONS"} \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$db" \
    -Dquarkus.redis.hosts="redis://127.0.0.1:6379/$ridx" \
    -Dauth.rate-limit.enabled=false "${ARGON2_OPTS[@]}" -Dauth.access-token-ttl=PT2H \
    -Dauth.jwt.generated-key-dir="$WORK/keys" "$@" -jar "$JAR"
  SVC_PID=$STARTED_PID
}

# svc_cli DB REDIS_INDEX ARGS...: the service's command line (same jar, same settings)
svc_cli() {
  local db=$1 ridx=$2; shift 2
  "$SVC_JAVA_HOME/bin/java" $SVC_JAVA_OPTS -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$db" \
    -Dquarkus.redis.hosts="redis://127.0.0.1:6379/$ridx" "${ARGON2_OPTS[@]}" \
    -Dauth.jwt.generated-key-dir="$WORK/keys" -jar "$JAR" "$@"
}

# ---- users and tokens ----------------------------------------------------------------------------------------------
# provision_users DB FIRST COUNT: signs up user<FIRST>..user<FIRST+COUNT-1> (password pw-<username>) where missing
provision_users() {
  local db=$1 first=$2 count=$3 have last=$(( $2 + $3 - 1 ))
  have=$(psqlq -d "$db" -c "SELECT count(*) FROM users WHERE username ~ '^user[0-9]{5}\$'
          AND substr(username, 5)::int BETWEEN $first AND $last")
  [ "$have" -ge "$count" ] && { log "$db has users $first..$last"; return 0; }
  log "signing up users $first..$last in $db (have $have)"
  seq "$first" "$last" | xargs -P 2 -I{} sh -c 'u=$(printf user%05d {}); curl -s -o /dev/null -H "Content-Type: application/json" \
    -d "{\"username\":\"$u\",\"email\":\"$u@bench.example\",\"password\":\"pw-$u\"}" "$0/api/v1/auth/signup"' "$SVC_URL"
  have=$(psqlq -d "$db" -c "SELECT count(*) FROM users WHERE username ~ '^user[0-9]{5}\$'
          AND substr(username, 5)::int BETWEEN $first AND $last")
  [ "$have" -ge "$count" ] || { log "only $have of $count users exist after signing up"; return 1; }
}

hash_params() { # hash_params DB: the Argon2 parameter sets of the stored password hashes
  psqlq -d "$1" -c "SELECT string_agg(p || ' (' || n || ' rows)', ', ') FROM (SELECT split_part(password_hash, '\$', 4) p,
     count(*) n FROM users WHERE password_hash IS NOT NULL GROUP BY 1) s"
}

# collect_tokens FIRST COUNT PREFIX [ROUNDS]: logs in each user ROUNDS (1) times -> PREFIX.access, PREFIX.refresh
# (one session each login)
collect_tokens() {
  local first=$1 count=$2 prefix=$3 rounds=${4:-1}
  log "collecting tokens for users $first..$(( first + count - 1 ))${4:+, $rounds logins each}"
  for _ in $(seq 1 "$rounds"); do seq "$first" $(( first + count - 1 )); done | xargs -P 2 -I{} sh -c 'u=$(printf user%05d {}); curl -fsS -H "Content-Type: application/json" \
    -d "{\"login\":\"$u\",\"password\":\"pw-$u\"}" "$0/api/v1/auth/login" | jq -r "[.access_token,.refresh_token]|@tsv"' \
    "$SVC_URL" >"$prefix.tsv"
  cut -f1 "$prefix.tsv" >"$prefix.access"
  cut -f2 "$prefix.tsv" >"$prefix.refresh"
  [ "$(wc -l <"$prefix.access")" -ge $(( count * rounds )) ] || { log "only $(wc -l <"$prefix.access") of $(( count * rounds )) logins worked"; return 1; }
}

# ---- measuring (the peer's load.sh, for our service) ---------------------------------------------------------------
pid_ticks() { local s=0 p; for p in "$@"; do [ -r /proc/$p/stat ] && s=$(( s + $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0) )); done; echo $s; }
host_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $9, $3, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; } # busy steal nice all

pg_sampler() { # pg_sampler DB OUT: what PostgreSQL is busy with, 5 samples a second, until killed
  while :; do
    psqlq -d "$1" -c "SELECT regexp_replace(left(query, 160), '\s+', ' ', 'g') FROM pg_stat_activity
      WHERE datname = '$1' AND state = 'active' AND pid <> pg_backend_pid()" >>"$2" 2>/dev/null || true
    sleep 0.2
  done
}

# run_one NAME SCRIPT ARGS...: one wrk run against $SVC_URL; prints a RUN line (CPU columns: svc/pg/redis/wrk)
run_one() {
  local name=$1 script=$2; shift 2
  local pgs0 pgs rp sp=""
  pgs0=$(pgrep -u postgres | tr '\n' ' ')
  rp=$(pgrep -x redis-server | tr '\n' ' ')
  [ "$PG_SAMPLE" = 1 ] && [ -n "${SVC_DB:-}" ] && { pg_sampler "$SVC_DB" "$WORK/pg-sample.$name.txt" & sp=$!; }
  local s0 p0 r0 h0 t0; s0=$(pid_ticks "$SVC_PID"); p0=$(pid_ticks $pgs0); r0=$(pid_ticks $rp); h0=$(host_ticks); t0=$(now)
  local out; out=$(timeout $(( ${DUR%s} + 60 )) wrk -t"$THREADS" -c"$CONNS" -d"$DUR" --timeout 10s \
    -s "$ROOT/bench/wrk/$script" "$SVC_URL" -- "$@" | grep '^RESULT'; awk '{print "WRKTICKS", $16+$17}' /proc/$BASHPID/stat)
  local t1 s1 p1 r1 h1; t1=$(now); s1=$(pid_ticks "$SVC_PID")
  # PostgreSQL: backends alive at the start and at the end (the pool may open some during the run)
  pgs=$(echo "$pgs0 $(pgrep -u postgres | tr '\n' ' ')" | tr ' ' '\n' | sort -u | tr '\n' ' ')
  p1=$(pid_ticks $pgs0); r1=$(pid_ticks $rp); h1=$(host_ticks)
  local pnew; pnew=$(comm -13 <(echo "$pgs0" | tr ' ' '\n' | sort -u) <(echo "$pgs" | tr ' ' '\n' | sort -u) | tr '\n' ' ')
  p1=$(( p1 + $(pid_ticks $pnew) ))
  [ -n "$sp" ] && { kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null || true; }
  local wt; wt=$(echo "$out" | awk '/^WRKTICKS/{print $2}')
  local el; el=$(echo "$t1 - $t0" | bc -l)
  local cpu; cpu=$(awk -v s0="$s0" -v s1="$s1" -v p0="$p0" -v p1="$p1" -v r0="$r0" -v r1="$r1" -v el="$el" -v clk="$CLK" \
    -v wt="$wt" -v h0="$h0" -v h1="$h1" 'BEGIN{split(h0,a," "); split(h1,b," "); all=b[4]-a[4];
      sv=(s1-s0)/clk/el*100; pg=(p1-p0)/clk/el*100; rd=(r1-r0)/clk/el*100; w=wt/clk/el*100; host=(b[1]-a[1])/all*200;
      printf "svc%%=%.0f pg%%=%.0f redis%%=%.0f wrk%%=%.0f host%%=%.0f other%%=%.0f nice%%=%.0f steal%%=%.0f",
      sv, pg, rd, w, host, host-sv-pg-rd-w, (b[3]-a[3])/all*200, (b[2]-a[2])/all*200}')
  echo "RUN $name $(echo "$out" | grep '^RESULT' | cut -d' ' -f2-) $cpu"
}

ORIG_AG=()
restore_groups() { local x; for x in "${ORIG_AG[@]}"; do set -- $x; [ -w "/proc/$1/autogroup" ] && echo "$2" >"/proc/$1/autogroup"; done; ORIG_AG=(); return 0; }
# boost_groups PID...: autogroup nice -19 for these processes' sessions (as the peer's load.sh; restored by restore_groups)
boost_groups() {
  [ "$BOOST" = 1 ] || return 0
  local p
  for p in "$@"; do
    [ -n "$p" ] && [ -w "/proc/$p/autogroup" ] || continue
    ORIG_AG+=("$p $(awk '{print $3}' "/proc/$p/autogroup")")
    echo -19 >"/proc/$p/autogroup"
  done
}
boost_ours() { boost_groups "$SVC_PID" "$(pgrep -o -u postgres -x postgres)" "$(pgrep -o -x redis-server)" $$; }

# wait_idle: before each figure (ours and the peer's alike), at most IDLE_WAIT_MAX (300) s for a 5 s window in which
# the whole machine is busy at most IDLE_MAX (40) % of one core: other tenants' jobs that are not niced (a test run,
# a build outside the lock) are invisible to the nice% check of the runs themselves.
wait_idle() {
  local t=0 a b q max=${IDLE_MAX:-40} limit=${IDLE_WAIT_MAX:-300}
  while :; do
    a=$(host_ticks); sleep 5; b=$(host_ticks); t=$((t + 5))
    q=$(echo "$a $b" | awk '{printf "%.0f", ($5-$1)/($8-$4)*200}')
    [ "$q" -le "$max" ] && return 0
    [ $t -ge "$limit" ] && { log "machine not idle within ${limit}s (host%=$q over 5 s); measuring anyway"; return 0; }
  done
}

wait_quiet() { # at most QUIET_WAIT s for a 5 s window with niced CPU <= NICE_MAX % of a core
  local t=0 a b q
  while :; do
    a=$(host_ticks); sleep 5; b=$(host_ticks); t=$((t + 5))
    q=$(echo "$a $b" | awk '{printf "%.0f", ($7-$3)/($8-$4)*200}')
    [ "$q" -le "$NICE_MAX" ] && return 0
    [ $t -ge "$QUIET_WAIT" ] && { log "no quiet 5 s window within ${QUIET_WAIT}s (nice%=$q); running anyway"; return 0; }
  done
}

median() { sort -g | awk '{a[NR]=$1} END{if (NR) print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# figure NAME SCRIPT ARGS...: warm-up, then runs until REPS clean ones (niced CPU <= NICE_MAX during the run, at most
# MAX_RUNS); prints the RUN lines and a FIGURE line with the per-column median of the clean runs (of all, noisy=1, if
# fewer than REPS were clean). BEFORE_RUN, if set, is a command run before each run (e.g. to refill tokens).
figure() {
  local name=$1 lines=() clean=() l n=0
  if [ "$WARMUP" != 0 ]; then
    ${BEFORE_RUN:-true}
    echo "WARMUP $name $(DUR=$WARMUP run_one "$@" | cut -d' ' -f3-)"; sleep "$PAUSE"
  fi
  while [ ${#clean[@]} -lt "$REPS" ] && [ $n -lt "$MAX_RUNS" ]; do
    ${BEFORE_RUN:-true}
    wait_quiet
    l=$(run_one "$@"); n=$((n+1)); echo "$l"; lines+=("$l")
    [ "$(echo "$l" | grep -o ' nice%=[0-9]*' | cut -d= -f2)" -le "$NICE_MAX" ] && clean+=("$l")
    sleep "$PAUSE"
  done
  local use=("${clean[@]}") noisy=0
  [ ${#clean[@]} -lt "$REPS" ] && { use=("${lines[@]}"); noisy=1; }
  local f out="FIGURE $name t=$THREADS c=$CONNS d=$DUR clean=${#clean[@]}/$n noisy=$noisy"
  for f in rps p50_ms p99_ms non2xx sockerr svc% pg% redis% wrk% host% other% nice% steal%; do
    out+=" $f=$(printf '%s\n' "${use[@]}" | grep -o " $f=[0-9.]*" | cut -d= -f2 | median)"
  done
  echo "$out"
  if [ "$PG_SAMPLE" = 1 ] && [ -f "$WORK/pg-sample.$name.txt" ]; then
    echo "PGSAMPLE $name (share of the active statements seen in pg_stat_activity, 5 samples a second; top 6):"
    local total; total=$(wc -l <"$WORK/pg-sample.$name.txt")
    [ "$total" -gt 0 ] || echo "  (no statement seen active)"
    sort "$WORK/pg-sample.$name.txt" | uniq -c | sort -rn | head -6 | awk -v t="$total" '{c=$1; $1=""; printf "  %5.1f%% %s\n", c*100/t, $0}'
    rm -f "$WORK/pg-sample.$name.txt"
  fi
}

# field LINE KEY: the value of KEY=... in a RUN/FIGURE line
field() { { echo "$1" | grep -o " $2=[0-9.]*" || true; } | head -1 | cut -d= -f2; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2f×", a/b }'; }
