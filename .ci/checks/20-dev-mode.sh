#!/usr/bin/env bash
# Dev mode, as a newcomer runs it: `./mvnw quarkus:dev` on a copy of the tree (so this tree's target/ stays the
# verify build's) resolves its dependencies (no qute-debug), starts and answers /q/health/ready with 200:
#  1. with what the machine offers (the local PostgreSQL and Redis in CI: they answer, so dev mode uses them);
#  2. with the embedded servers forced (-Dcinema.dev.embedded=true, as on a machine with only Java): the one log line
#     naming both embedded ports, a signup;
#  3. restarted on the same .dev-data/: the account of run 2 still logs in (the data folder survives restarts).
# Each run is bounded (DEV_MODE_WAIT seconds to ready) and stopped through its process group, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
. .ci/checks/lib/common.sh
command -v python3 >/dev/null || apt_install python3
command -v curl >/dev/null || apt_install curl
wait_s="${DEV_MODE_WAIT:-300}"

tmp="$(mktemp -d)"
pgid=""
stop_dev() {
  [ -n "$pgid" ] || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pgid" 2>/dev/null || true
  pgid=""
}
cleanup() { local rc=$?; stop_dev; rm -rf "$tmp"; exit $rc; }
trap cleanup EXIT INT TERM

echo "== a copy of the tree in $tmp/app (tracked and untracked files, nothing ignored)"
mkdir -p "$tmp/app"
git ls-files -co --exclude-standard -z | tar --null -T - -cf - | tar -xf - -C "$tmp/app"
cd "$tmp/app"

# dev_run NAME ARGS... : starts dev mode in its own process group, waits for readiness, leaves it running
dev_run() {
  local name="$1"; shift
  port="$(free_port)"
  log="$tmp/$name.log"
  local start=$SECONDS
  setsid ./mvnw -B quarkus:dev -Dquarkus.http.port="$port" -Ddebug=false -Dquarkus.console.enabled=false \
    -Dquarkus.test.continuous-testing=disabled "$@" > "$log" 2>&1 < /dev/null &
  pgid=$!
  if ! wait_http "http://127.0.0.1:$port/q/health/ready" "$wait_s"; then
    echo "  FAIL $name: /q/health/ready did not answer 200 within $wait_s s; the log's end:"; tail -60 "$log"; exit 1
  fi
  echo "  ok   $name: /q/health/ready answered 200 after $((SECONDS - start)) s (port $port)"
}

echo "== 1. dev mode with what the machine has"
dev_run local
if grep -q "started embedded" "$tmp/local.log"; then
  echo "  note local: nothing answered on 127.0.0.1:5432/6379, so dev mode started the embedded servers"
fi
stop_dev

echo "== 2. dev mode with the embedded servers forced (-Dcinema.dev.embedded=true)"
dev_run embedded -Dcinema.dev.embedded=true
lines="$(grep -c "started embedded PostgreSQL on port [0-9]* and Redis on port [0-9]*" "$tmp/embedded.log" || true)"
[ "$lines" = 1 ] || { echo "  FAIL expected one line about the embedded servers, got $lines"; grep -i embedded "$tmp/embedded.log" | head; exit 1; }
echo "  ok   one line: $(grep -o "dev mode: .*" "$tmp/embedded.log" | head -1)"
user="dev_$(date +%s)"
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"email\":\"$user@example.com\",\"password\":\"dev mode $user secret\"}" \
  "http://127.0.0.1:$port/api/v1/auth/signup")"
[ "$code" = 201 ] || { echo "  FAIL signup on the embedded servers answered $code"; tail -40 "$tmp/embedded.log"; exit 1; }
echo "  ok   a signup on the embedded servers: 201"
stop_dev
[ -d .dev-data/postgres ] && [ -d .dev-data/redis ] || { echo "  FAIL no .dev-data/postgres and .dev-data/redis"; exit 1; }

echo "== 3. restarted on the same .dev-data/"
dev_run restarted -Dcinema.dev.embedded=true
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"login\":\"$user\",\"password\":\"dev mode $user secret\"}" "http://127.0.0.1:$port/api/v1/auth/login")"
[ "$code" = 200 ] || { echo "  FAIL the account of the previous run did not log in: $code"; tail -40 "$tmp/restarted.log"; exit 1; }
echo "  ok   the account made before the restart logs in: 200"
stop_dev
echo "dev mode passed"
