#!/usr/bin/env bash
# This service against Keycloak 26.5.6 on the same machine, in one window, with the same load and noise control
# (issue 15). Keycloak comes from the peer harness ../shared/bench/peer-keycloak (fetched from Maven Central, built,
# started and loaded by its own setup.sh and load.sh, called from there as they are); this service gets the same wrk
# load (2 threads, 16 connections, 30 s runs after a 15 s warm-up, median of 3 clean runs: bench/harness.sh repeats
# the peer's figure()), the same users (user00001..user00500, password pw-<username>), the same password hash
# (Argon2id t=5, m=7168 KiB, p=1 through auth.password.argon2.*) and the rate limits off. Not run in CI.
#
#   bench/compare.sh                       # everything (about 35 min); takes /tmp/maven.lock for the build and the measuring
#   DUR=3s REPS=1 WARMUP=0 START_REPS=1 HASH_REPS=1 BENCH_LOCK= bench/compare.sh    # smoke test, no lock
#   ONLY="login refresh" bench/compare.sh  # some figures: hash start login refresh account authz forward (space or comma)
#
# Prints RUN/FIGURE lines as it goes, then a table: each figure for both and the ratio (ours ÷ Keycloak); the bare
# Argon2id hash rate at 1 and 2 threads, both Bouncy Castle's (the peer's hash.sh/HashBench.java with the bcprov
# Keycloak 26.5.6 ships, the peer's default, or BC_VERSION) and the service's own Argon2id (bench/hash/hash-ours.sh:
# what it runs, the native AVX2 fill where that loads, and its Java loop), in the JVM the service runs on, so the
# login figure can be read against its ceiling, which is ours; and the start-up of a minimal Quarkus REST app
# (bench/minimal-app, same Quarkus version, started the same way). Output is also kept in $OUT.
#
# Environment (defaults): DUR THREADS CONNS REPS WARMUP PAUSE NICE_MAX MAX_RUNS QUIET_WAIT BOOST as the peer harness
# (30s 2 16 3 15s 5 10 7 180 1); ONLY (all); NUSERS (500); START_REPS (3: measured starts of each server, after one
# unmeasured start); HASH_REPS (5 fresh JVMs per thread count); HASH_JAVA (1: also the Java loop; 0 not); IDLE_WAIT_S (30: idle seconds before reading RSS);
# IDLE_MAX / IDLE_WAIT_MAX (40 % / 300 s: wait for an idle machine before each figure); BUILD (auto: package when the
# jar is missing or older than src/ or pom.xml; 1 always; 0 never); BENCH_LOCK (/tmp/maven.lock: held from the start
# to the end; empty for a smoke test, or when you run the script under flock yourself); BENCH_DB (auth_bench);
# BENCH_REDIS_DB (5); SVC_PORT (8180); MIN_PORT (8181); KC_PORT (8080), KC_MGMT_PORT (9000), KC_BASE (/tmp/kc),
# KC_JAVA_HOME (passed to setup.sh); PEER_DIR; SVC_JAVA_HOME / SVC_JAVA_OPTS (the JVM of this service, the minimal app
# and the hash benchmark); SVC_OPTIONS (@deploy/jvm.options: the service's and the minimal app's; empty for none);
# OUT (target/bench/compare-<time>.log); BC_VERSION (1.82: the bcprov of the Bouncy Castle hash).
set -euo pipefail
. "$(dirname "$0")/harness.sh"

ONLY=$(echo "${ONLY:-hash start login refresh account authz forward}" | tr ',' ' ')
has() { case " $ONLY " in *" $1 "*) return 0;; *) return 1;; esac; }
NUSERS=${NUSERS:-500} START_REPS=${START_REPS:-3} HASH_REPS=${HASH_REPS:-5} HASH_JAVA=${HASH_JAVA:-1} BUILD=${BUILD:-auto}
BENCH_DB=${BENCH_DB:-auth_bench} BENCH_REDIS_DB=${BENCH_REDIS_DB:-5}
SVC_PORT=${SVC_PORT:-8180} MIN_PORT=${MIN_PORT:-8181}
export KC_PORT=${KC_PORT:-8080} KC_MGMT_PORT=${KC_MGMT_PORT:-9000} KC_BASE=${KC_BASE:-/tmp/kc} NUSERS
export KC=http://127.0.0.1:$KC_PORT
KC_VERSION=${KC_VERSION:-26.5.6}
OUT=${OUT:-$WORK/compare-$(date +%Y%m%d-%H%M%S).log}
MIN_DIR=$ROOT/bench/minimal-app
exec > >(tee "$OUT") 2>&1

take_lock
peer() { # peer SCRIPT ARGS...: the peer harness's script, without our lock's descriptor (Keycloak must not inherit it)
  local s=$1; shift
  if [ -z "$BENCH_LOCK" ] && [ "$s" = setup.sh ] && [ ! -f "$KC_BASE/keycloak-quarkus-dist-$KC_VERSION.zip" ]; then
    flock -o /tmp/maven.lock "$PEER_DIR/$s" "$@" 9>&-   # its first run fetches Keycloak with Maven
  else
    "$PEER_DIR/$s" "$@" 9>&-
  fi
}

KC_STARTED=0
cleanup() {
  restore_groups
  stop_started
  [ "$KC_STARTED" = 1 ] && peer setup.sh stop || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- what runs where ------------------------------------------------------------------------------------------------
echo "# bench/compare.sh  $(date -u '+%Y-%m-%d %H:%M UTC') ($(date))"
echo "machine: $(nproc) CPUs ($(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr)"
echo "service: $(git -C "$ROOT" log -1 --format='%h %s' | cut -c1-100)$(git -C "$ROOT" diff --quiet HEAD -- src pom.xml || echo ' (+ uncommitted changes)')"
echo "java (service, minimal app, hash): $("$SVC_JAVA_HOME/bin/java" -version 2>&1 | head -1) ${SVC_JAVA_OPTS:+opts: $SVC_JAVA_OPTS}"
opts_text="the JVM's defaults"
[ -z "$SVC_OPTIONS" ] || opts_text="$SVC_OPTIONS: $(grep -v '^#' "${SVC_OPTIONS#@}" | tr '\n' ' ')"
echo "JVM options of the service and the minimal app: $opts_text"
echo "PostgreSQL: $(psqlq -c 'SHOW server_version'); Redis: $(redis-cli -h 127.0.0.1 INFO server | tr -d '\r' | awk -F: '/redis_version/{print $2}'); wrk: $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo "load: wrk -t$THREADS -c$CONNS -d$DUR after a $WARMUP warm-up, median of $REPS clean runs (nice% <= $NICE_MAX), BOOST=$BOOST; figures: $ONLY"

for p in "$SVC_PORT" "$MIN_PORT" "$KC_PORT" "$KC_MGMT_PORT"; do
  port_free "$p" || { log "port $p is in use; set SVC_PORT/MIN_PORT/KC_PORT/KC_MGMT_PORT"; exit 1; }
done

# ---- build ---------------------------------------------------------------------------------------------------------
QV=$(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' "$ROOT/pom.xml" | head -1)
build_service
if has start && { [ "$BUILD" = 1 ] || [ ! -f "$MIN_DIR/target/quarkus-app/lib/main/io.quarkus.quarkus-core-$QV.jar" ]; }; then
  log "packaging the minimal app with Quarkus $QV"
  mvnw -B -q -f "$MIN_DIR/pom.xml" package -DskipTests -Dquarkus.platform.version="$QV"
fi
# The service carries no Bouncy Castle (Blake2b and PEM are its own); Keycloak's Argon2 is bcprov's, 1.82 in 26.5.6
BCV=${BC_VERSION:-1.82}
echo "Quarkus $QV; Bouncy Castle's Argon2 measured with bcprov-jdk18on $BCV"

# ---- 1. bare hash, nothing else of ours running -------------------------------------------------------------------
H1= H2= H1R= H2R= O1= O2= O1R= O2R= OI= J1= J2= J1R= J2R=
if has hash; then
  wait_idle
  ( [ -z "$SVC_JAVA_OPTS" ] || export JAVA_TOOL_OPTIONS=$SVC_JAVA_OPTS   # the service's JVM flags, if any
    JAVA_HOME=$SVC_JAVA_HOME BC_VERSION=$BCV REPS=$HASH_REPS peer hash.sh ) | tee "$WORK/hash.txt"
  l=$(grep '^FIGURE hash threads=1' "$WORK/hash.txt" || true); H1=$(field "$l" median_hashes_per_s); H1R="$(field "$l" min)–$(field "$l" max)"
  l=$(grep '^FIGURE hash threads=2' "$WORK/hash.txt" || true); H2=$(field "$l" median_hashes_per_s); H2R="$(field "$l" min)–$(field "$l" max)"
  wait_idle
  ( [ -z "$SVC_JAVA_OPTS" ] || export JAVA_TOOL_OPTIONS=$SVC_JAVA_OPTS
    JAVA_HOME=$SVC_JAVA_HOME REPS=$HASH_REPS "$ROOT/bench/hash/hash-ours.sh" ) | tee "$WORK/hash-ours.txt"
  l=$(grep '^FIGURE hash-ours threads=1' "$WORK/hash-ours.txt" || true); O1=$(field "$l" median_hashes_per_s); O1R="$(field "$l" min)–$(field "$l" max)"
  l=$(grep '^FIGURE hash-ours threads=2' "$WORK/hash-ours.txt" || true); O2=$(field "$l" median_hashes_per_s); O2R="$(field "$l" min)–$(field "$l" max)"
  OI=$({ echo "$l" | grep -o ' impl=[a-z]*' || true; } | head -1 | cut -d= -f2)
  if [ "$OI" = native ] && [ "$HASH_JAVA" = 1 ]; then   # the Java loop too, for where the native fill cannot load
    wait_idle
    ( [ -z "$SVC_JAVA_OPTS" ] || export JAVA_TOOL_OPTIONS=$SVC_JAVA_OPTS
      JAVA_HOME=$SVC_JAVA_HOME REPS=$HASH_REPS IMPL=java "$ROOT/bench/hash/hash-ours.sh" ) | tee "$WORK/hash-java.txt"
    l=$(grep '^FIGURE hash-ours threads=1' "$WORK/hash-java.txt" || true); J1=$(field "$l" median_hashes_per_s); J1R="$(field "$l" min)–$(field "$l" max)"
    l=$(grep '^FIGURE hash-ours threads=2' "$WORK/hash-java.txt" || true); J2=$(field "$l" median_hashes_per_s); J2R="$(field "$l" min)–$(field "$l" max)"
  fi
fi

# ---- 2. start-up and idle RSS: Keycloak, then the minimal app and this service with Keycloak idle beside them ----
KC_STARTS=() KC_RSS=() MIN_STARTS=() SVC_STARTS=() SVC_RSSES=() AOT_STARTS=() AOT_RSSES=()
kc_start() { # kc_start MEASURE_RSS: setup.sh start; appends to KC_STARTS / KC_RSS
  local o; o=$(MEASURE_IDLE_RSS=$1 IDLE_WAIT_S=$IDLE_WAIT_S peer setup.sh)
  KC_STARTED=1
  echo "$o" | grep -E '^(STARTUP|IDLE)' | sed 's/^/keycloak /'
  KC_STARTS+=("$(echo "$o" | awk '/^STARTUP_TO_READY_S/{print $2}')")
  [ "$1" = 1 ] && KC_RSS+=("$(echo "$o" | awk '/^IDLE_RSS_MIB/{print $2}')") || true
}
kc_running() { [ -f "$KC_BASE/kc.pid" ] && kill -0 "$(cat "$KC_BASE/kc.pid")" 2>/dev/null; }
kc_has_schema() { [ "$(psqlq -d keycloak -c "SELECT 1 FROM pg_tables WHERE tablename='realm'" 2>/dev/null)" = 1 ]; }
svc_start_bench() { svc_start svc "$BENCH_DB" "$BENCH_REDIS_DB" "$SVC_PORT"; SVC_DB=$BENCH_DB; }
need_load() { has login || has refresh || has account || has authz || has forward; }

if has start; then
  log "start-up: Keycloak (1 unmeasured start, then $START_REPS)"
  kc_has_schema || log "no Keycloak schema yet: the unmeasured start creates it"
  for i in $(seq 0 "$START_REPS"); do
    wait_idle
    if [ "$i" = 0 ]; then MEASURE_IDLE_RSS=0 peer setup.sh >/dev/null; KC_STARTED=1; else kc_start 1; fi
    if [ "$i" -lt "$START_REPS" ] || ! need_load; then peer setup.sh stop; fi
  done
  log "start-up: minimal Quarkus REST app (1 unmeasured start, then $START_REPS)"
  for i in $(seq 0 "$START_REPS"); do
    wait_idle
    java_start minimal "http://127.0.0.1:$MIN_PORT/hello" "$WORK/minimal.log" ${SVC_OPTIONS:+"$SVC_OPTIONS"} \
      -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$MIN_PORT" -jar "$MIN_DIR/target/quarkus-app/quarkus-run.jar"
    [ "$i" -gt 0 ] && { MIN_STARTS+=("$START_S"); echo "minimal STARTUP_TO_FIRST_200_S $START_S"; }
    stop_pid "$STARTED_PID"
  done
  log "start-up: this service on $BENCH_DB (1 unmeasured start, which also migrates, then $START_REPS)"
  for i in $(seq 0 "$START_REPS"); do
    wait_idle
    svc_start_bench
    if [ "$i" -gt 0 ]; then
      SVC_STARTS+=("$START_S"); echo "service STARTUP_TO_READY_S $START_S"
      sleep "$IDLE_WAIT_S"; SVC_RSSES+=("$(rss_mib "$SVC_PID")"); echo "service IDLE_RSS_MIB ${SVC_RSSES[-1]}"
    fi
    if [ "$i" -lt "$START_REPS" ] || ! need_load; then stop_pid "$SVC_PID"; SVC_PID=; fi
  done
  # the same jar on JDK 25 with the AOT cache the package step trained (deploy/aot-cache.sh), when both exist
  AOT_FILE=$(dirname "$JAR")/app.aot
  AOT_JAVA_HOME=${AOT_JAVA_HOME:-$(ls -d /usr/lib/jvm/temurin-25* 2>/dev/null | head -1)}
  if [ -s "$AOT_FILE" ] && [ -x "$AOT_JAVA_HOME/bin/java" ]; then
    log "start-up: this service on $AOT_JAVA_HOME with $AOT_FILE (1 unmeasured start, then $START_REPS)"
    if [ -n "${SVC_PID:-}" ]; then stop_pid "$SVC_PID"; SVC_PID=; fi
    for i in $(seq 0 "$START_REPS"); do
      wait_idle
      SVC_JAVA_HOME=$AOT_JAVA_HOME SVC_JAVA_OPTS="$SVC_JAVA_OPTS -XX:AOTCache=$AOT_FILE" svc_start_bench
      if [ "$i" -gt 0 ]; then
        AOT_STARTS+=("$START_S"); echo "service+aot STARTUP_TO_READY_S $START_S"
        sleep "$IDLE_WAIT_S"; AOT_RSSES+=("$(rss_mib "$SVC_PID")"); echo "service+aot IDLE_RSS_MIB ${AOT_RSSES[-1]}"
      fi
      stop_pid "$SVC_PID"; SVC_PID=
    done
  else
    log "start-up with the AOT cache not measured: no $AOT_FILE (a package step with JDK 25) or no JDK 25"
  fi
fi

# ---- 3. load, figure by figure: this service, then Keycloak -------------------------------------------------------
declare -A F
if need_load; then
  kc_running || { MEASURE_IDLE_RSS=0 peer setup.sh >/dev/null; KC_STARTED=1; }
  [ -n "${SVC_PID:-}" ] || svc_start_bench
  peer load.sh provision | tee "$WORK/kc-provision.txt"
  provision_users "$BENCH_DB" 1 "$NUSERS"
  echo "service password hashes: $(hash_params "$BENCH_DB")"
  kc_fig() { # kc_fig NAME: one figure of the peer's load.sh; keeps its FIGURE line in F[kc.NAME]
    local o; wait_idle
    o=$(peer load.sh "$1" | tee /dev/stderr | grep "^FIGURE $1 " || true)
    F[kc.$1]=$o
  }
  svc_fig() { # svc_fig NAME SCRIPT ARGS...: one figure for this service; keeps its FIGURE line in F[svc.NAME]
    local o n=$1; wait_idle
    boost_ours
    o=$(figure "$@" | tee /dev/stderr | grep "^FIGURE $n " || true)
    restore_groups
    F[svc.$n]=$o
  }
  TOK=$WORK/tokens
  refill_pool() { # the refresh pool must hold more tokens than connections
    if [ ! -s "$TOK.pool" ] || [ "$(wc -l <"$TOK.pool")" -lt $(( 4 * CONNS )) ]; then
      collect_tokens 1 "$NUSERS" "$TOK"; cp "$TOK.refresh" "$TOK.pool"
    fi
  }
  if has login; then
    svc_fig login login.lua /api/v1/auth/login 1 "$NUSERS"
    kc_fig login
  fi
  if has refresh || has account || has authz || has forward; then
    collect_tokens 1 "$NUSERS" "$TOK"; cp "$TOK.refresh" "$TOK.pool"
    peer load.sh tokens
  fi
  if has refresh; then
    REFRESH_OUT=$TOK.pool BEFORE_RUN=refill_pool svc_fig refresh refresh.lua /api/v1/auth/refresh "$TOK.pool" "$THREADS"
    kc_fig refresh
  fi
  if has account || has authz || has forward; then
    has account && svc_fig account get.lua "$TOK.access" /api/v1/account
    has authz && svc_fig authz get.lua "$TOK.access" "/api/v1/authz/check?role=user"
    has forward && svc_fig forward get.lua "$TOK.access" "/api/v1/authz/forward?role=user"
    kc_fig userinfo
  fi
fi

# ---- 4. the table -------------------------------------------------------------------------------------------------
rp() { # rp FIGURE_LINE: "rps (p99 N ms)"
  [ -n "$1" ] || { echo "not measured"; return; }
  printf '%s (p99 %s ms)%s' "$(field "$1" rps)" "$(field "$1" p99_ms | awk '{printf ($1 >= 100 ? "%.0f" : "%.1f"), $1}')" \
    "$(echo "$1" | grep -q 'noisy=1' && echo ', NOISY' || true)$( [ "$(field "$1" non2xx)" != 0 ] && echo ", $(field "$1" non2xx) non-2xx" || true)$( [ "$(field "$1" sockerr)" != 0 ] && echo ", $(field "$1" sockerr) socket errors or timeouts" || true)"
}
cpu() { # cpu FIGURE_LINE PREFIX
  [ -n "$1" ] || return 0
  if [ "$2" = svc ]; then printf 'svc %s %%, pg %s %%, redis %s %%, wrk %s %%, other %s %%' "$(field "$1" svc%)" "$(field "$1" pg%)" \
    "$(field "$1" redis%)" "$(field "$1" wrk%)" "$(field "$1" other%)"
  else printf 'kc %s %%, pg %s %%, wrk %s %%, other %s %%' "$(field "$1" kc%)" "$(field "$1" pg%)" "$(field "$1" wrk%)" "$(field "$1" other%)"; fi
}
med() { printf '%s\n' "$@" | grep . | median; }
list() { printf '%s, ' "$@" | sed 's/, $//'; }
row() { # row LABEL SVC_NAME KC_NAME
  local s=${F[svc.$2]:-} k=${F[kc.$3]:-}
  echo "| $1 | $(rp "$s") | $(rp "$k") | $(ratio "$(field "$s" rps)" "$(field "$k" rps)") | $(cpu "$s" svc) / $(cpu "$k" kc) |"
}
echo
echo "## Result ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
echo "| figure | this service | Keycloak $KC_VERSION | ratio (ours ÷ Keycloak) | CPU in % of one core (ours / Keycloak) |"
echo "|---|---|---|---|---|"
has login && row "logins/s" login login
has refresh && row "refresh/s" refresh refresh
has account && row "GET /api/v1/account vs userinfo" account userinfo
has authz && row "permission check vs userinfo" authz userinfo
has forward && row "forward authentication vs userinfo" forward userinfo
if has start; then
  S=$(med "${SVC_STARTS[@]}") K=$(med "${KC_STARTS[@]}") M=$(med "${MIN_STARTS[@]}")
  SR=$(med "${SVC_RSSES[@]}") KR=$(med "${KC_RSS[@]}")
  echo "| start to ready, existing schema, s (median of $START_REPS; lower is better) | $S ($(list "${SVC_STARTS[@]}")) | $K ($(list "${KC_STARTS[@]}")) | $(ratio "$S" "$K") | |"
  echo "| idle RSS ${IDLE_WAIT_S} s after ready, MiB (median of $START_REPS; lower is better) | $SR ($(list "${SVC_RSSES[@]}")) | $KR ($(list "${KC_RSS[@]}")) | $(ratio "$SR" "$KR") | |"
fi
echo
if has hash && [ -n "$O2" ]; then
  echo "| bare Argon2id t=5 m=7168 KiB p=1, $("$SVC_JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2), $HASH_REPS fresh JVMs each, hashes/s, median (min–max) | the service's own, what it runs (${OI:-?} fill) | the service's Java loop (where the native fill cannot load) | Bouncy Castle's, bcprov $BCV (what Keycloak runs) |"
  echo "|---|---|---|---|"
  echo "| 1 thread | $O1 ($O1R) | ${J1:-not run} ${J1R:+($J1R)} | ${H1:-not run} ${H1R:+($H1R)} |"
  echo "| 2 threads | $O2 ($O2R) | ${J2:-not run} ${J2R:+($J2R)} | ${H2:-not run} ${H2R:+($H2R)} |"
  [ -n "${F[svc.login]:-}" ] && echo "| our logins/s ÷ 2-thread hash median | $(awk -v a="$(field "${F[svc.login]}" rps)" -v b="$O2" 'BEGIN{printf "%.0f %%", a/b*100}') | |"
  echo
fi
if has start; then
  echo "| start-up, same way (java -jar, first 200) | s, median of $START_REPS |"
  echo "|---|---|"
  echo "| minimal Quarkus $QV REST app (bench/minimal-app) | $M ($(list "${MIN_STARTS[@]}")) |"
  echo "| this service, to /q/health/ready | $S |"
  echo "| ours ÷ minimal | $(ratio "$S" "$M") |"
  if [ "${#AOT_STARTS[@]}" -gt 0 ]; then
    A=$(med "${AOT_STARTS[@]}")
    echo "| this service on $("$AOT_JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2) with its AOT cache (-XX:AOTCache, deploy/aot-cache.sh) | $A ($(list "${AOT_STARTS[@]}")); idle RSS $(med "${AOT_RSSES[@]}") MiB |"
    echo "| ours with the AOT cache ÷ minimal | $(ratio "$A" "$M") |"
  fi
  echo
fi
echo "(raw output: $OUT)"
