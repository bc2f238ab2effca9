# Shared by the bench scripts (sourced). Starts the packaged service unless BASE_URL names a running one, signs up
# a user and logs it in. Not run in CI.
#
# Environment: BASE_URL (use a running service), DURATION (30s), CONNECTIONS (8), THREADS (2),
# BENCH_DB (auth_bench), BENCH_REDIS_DB (5), JAR (target/quarkus-app/quarkus-run.jar).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-30s}"
CONNECTIONS="${CONNECTIONS:-8}"
THREADS="${THREADS:-2}"
bench_tmp="$(mktemp -d)"
bench_pid=""

bench_cleanup() {
  if [ -n "$bench_pid" ]; then
    kill "$bench_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -rf "$bench_tmp"
}
trap bench_cleanup EXIT INT TERM

need() { # need COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "installing $2"
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq "$2" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }
  else sudo apt-get install -y -qq "$2" >/dev/null; fi
}
need wrk wrk
need curl curl
need python3 python3

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

start_service() {
  if [ -n "${BASE_URL:-}" ]; then
    BASE_URL="${BASE_URL%/}"
    echo "using the running service at $BASE_URL (for login.sh it must run with AUTH_RATE_LIMIT_ENABLED=false)"
    return
  fi
  local jar="${JAR:-$root/target/quarkus-app/quarkus-run.jar}" db="${BENCH_DB:-auth_bench}" port
  [ -f "$jar" ] || { echo "no $jar: run ./mvnw package first, or set BASE_URL"; exit 1; }
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$db'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  echo "starting the service on $port (database $db, Redis index ${BENCH_REDIS_DB:-5}, rate limits off, log $bench_tmp/app.log)"
  QUARKUS_HTTP_PORT="$port" QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
    QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/${BENCH_REDIS_DB:-5}" AUTH_RATE_LIMIT_ENABLED=false \
    AUTH_JWT_GENERATED_KEY_DIR="$bench_tmp/keys" QUARKUS_LOG_LEVEL=WARN \
    java "@$root/deploy/jvm.options" -jar "$jar" > "$bench_tmp/app.log" 2>&1 &
  bench_pid=$!
  BASE_URL="http://127.0.0.1:$port"
  for _ in $(seq 1 120); do
    curl -fs "$BASE_URL/q/health/ready" >/dev/null 2>&1 && return
    sleep 0.5
  done
  echo "the service did not start:"; tail -30 "$bench_tmp/app.log"; exit 1
}

# cpu_ticks PID: user + system CPU the process has used, in clock ticks (getconf CLK_TCK a second)
cpu_ticks() {
  awk '{print $14 + $15}' "/proc/$1/stat"
}

# sets BENCH_USER, BENCH_PASSWORD, ACCESS_TOKEN
signup_user() {
  BENCH_USER="bench_$(date +%s)_$RANDOM"
  BENCH_PASSWORD="bench password $RANDOM$RANDOM"
  local body
  body="$(curl -fsS -H 'Content-Type: application/json' \
    -d "{\"username\":\"$BENCH_USER\",\"email\":\"$BENCH_USER@example.com\",\"password\":\"$BENCH_PASSWORD\"}" \
    "$BASE_URL/api/v1/auth/signup")"
  ACCESS_TOKEN="$(printf '%s' "$body" | json_field access_token)"
  echo "signed up $BENCH_USER"
}

# summary WRK_OUTPUT_FILE: requests/s and p99 latency
summary() {
  echo "----"
  grep -E 'Requests/sec|Non-2xx|Socket errors' "$1" || true
  awk '$1 == "99%" { print "p99 latency: " $2 }' "$1"
}
