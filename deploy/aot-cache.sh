#!/usr/bin/env bash
# Builds the JDK AOT cache (JEP 483/514/515, JDK 25+) of the packaged service: target/quarkus-app/app.aot. Run by
# `./mvnw package` (exec-maven-plugin, after Quarkus has built target/quarkus-app) and usable by hand.
#
# A training run: the service started with -XX:AOTCacheOutput on a throwaway database and Redis index, the hot paths
# called once each (signup, login, refresh, account, the permission check, forward authentication, JWKS, discovery,
# a refusal), then stopped with SIGTERM: the JVM writes the cache as it exits. Start it with the same JDK:
#
#   $JAVA25/bin/java @deploy/jvm.options -XX:AOTCache=target/quarkus-app/app.aot -jar target/quarkus-app/quarkus-run.jar
#
# A cache is tied to its JDK build and to the jars it was trained with: a JDK that does not match ignores it with a
# warning and starts as without (a rebuilt jar gets a new cache from the same package step).
#
# Skips with one line, and exit 0, when it cannot train: no jar (a native or sources-only build), no JDK 25+ (none in
# AOT_JAVA_HOME, nor /usr/lib/jvm/temurin-25* or a `java` on PATH that is 25+), no PostgreSQL or Redis answering, or
# AOT_SKIP=true; AOT_REQUIRED=true makes those a failure. Settings (defaults): AOT_JAVA_HOME, AOT_APP_DIR
# (target/quarkus-app), AOT_DB_HOST/AOT_DB_PORT (127.0.0.1/5432), AOT_DB (auth_aot: dropped and made anew),
# AOT_REDIS (redis://127.0.0.1:6379/14, flushed), AOT_PORT (18089).
set -euo pipefail
cd "$(dirname "$0")/.."
app=${AOT_APP_DIR:-target/quarkus-app}
db_host=${AOT_DB_HOST:-127.0.0.1} db_port=${AOT_DB_PORT:-5432} db=${AOT_DB:-auth_aot}
redis_url=${AOT_REDIS:-redis://127.0.0.1:6379/14}
port=${AOT_PORT:-18089}

skip() {
  if [ "${AOT_REQUIRED:-false}" = true ]; then echo "aot-cache: FAILED: $*" >&2; exit 1; fi
  echo "aot-cache: skipped: $*"; exit 0
}
[ "${AOT_SKIP:-false}" = true ] && skip "AOT_SKIP=true"
[ -f "$app/quarkus-run.jar" ] || skip "no $app/quarkus-run.jar (not a JVM build)"

feature() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
java_home=${AOT_JAVA_HOME:-}
if [ -z "$java_home" ]; then
  for candidate in /usr/lib/jvm/temurin-25* "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"; do
    [ -x "$candidate/bin/java" ] && [ "$(feature "$candidate")" -ge 25 ] 2>/dev/null && { java_home=$candidate; break; }
  done
fi
[ -n "$java_home" ] && [ "$(feature "$java_home")" -ge 25 ] 2>/dev/null || skip "no JDK 25 or newer (set AOT_JAVA_HOME)"
command -v psql >/dev/null && command -v redis-cli >/dev/null && command -v curl >/dev/null \
  || skip "psql, redis-cli and curl are needed"
pg_isready -q -h "$db_host" -p "$db_port" 2>/dev/null || skip "no PostgreSQL on $db_host:$db_port"
redis_hostport=${redis_url#redis://}; redis_hostport=${redis_hostport%%/*}; redis_index=${redis_url##*/}
redis() { redis-cli -h "${redis_hostport%:*}" -p "${redis_hostport##*:}" -n "$redis_index" "$@"; }
redis ping >/dev/null 2>&1 || skip "no Redis at $redis_url"

work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
psql -q -h "$db_host" -p "$db_port" -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
redis flushdb >/dev/null
rm -f "$app/app.aot"

started=$SECONDS
"$java_home/bin/java" @deploy/jvm.options -XX:AOTCacheOutput="$app/app.aot" \
  -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$port" \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$db_host:$db_port/$db" -Dquarkus.redis.hosts="$redis_url" \
  -Dauth.jwt.generated-key-dir="$work/keys" -Dauth.rate-limit.enabled=false -Dquarkus.log.level=WARN \
  -jar "$app/quarkus-run.jar" >"$work/train.log" 2>&1 &
pid=$!
base=http://127.0.0.1:$port
for _ in $(seq 1 1200); do
  curl -fs -o /dev/null "$base/q/health/ready" && break
  kill -0 "$pid" 2>/dev/null || { tail -20 "$work/train.log" >&2; echo "aot-cache: FAILED: the training run exited" >&2; exit 1; }
  sleep 0.1
done
curl -fs -o /dev/null "$base/q/health/ready" || { echo "aot-cache: FAILED: not ready in 120 s" >&2; exit 1; }

json() { curl -s -H 'Content-Type: application/json' -H 'User-Agent: aot-training/1.0' "$@"; }
field() { sed -n "s/.*\"$1\":\"\([^\"]*\)\".*/\1/p"; }
pair=$(json -d '{"username":"aot_training","email":"aot@training.invalid","password":"a long training passphrase"}' \
  "$base/api/v1/auth/signup")
pair=$(json -d '{"login":"aot_training","password":"a long training passphrase"}' "$base/api/v1/auth/login")
refresh=$(echo "$pair" | field refresh_token)
pair=$(json -d "{\"refresh_token\":\"$refresh\"}" "$base/api/v1/auth/refresh")
access=$(echo "$pair" | field access_token)
[ -n "$access" ] || { echo "aot-cache: FAILED: the training login gave no token: $pair" >&2; exit 1; }
for _ in 1 2 3; do
  curl -s -o /dev/null -H "Authorization: Bearer $access" "$base/api/v1/account"
  curl -s -o /dev/null -H "Authorization: Bearer $access" "$base/api/v1/authz/check?role=user"
  curl -s -o /dev/null -H "Authorization: Bearer $access" "$base/api/v1/authz/forward?role=user"
  curl -s -o /dev/null -H "Authorization: Bearer $access" "$base/api/v1/account/history"
  curl -s -o /dev/null -H "Authorization: Bearer $access" "$base/api/v1/account/sessions"
  curl -s -o /dev/null "$base/.well-known/jwks.json"
  curl -s -o /dev/null "$base/.well-known/openid-configuration"
  json -o /dev/null -d '{"login":"aot_training","password":"wrong"}' "$base/api/v1/auth/login"
  curl -s -o /dev/null -H "Authorization: Bearer not-a-token" "$base/api/v1/account"
  curl -s -o /dev/null "$base/q/metrics"
done
kill -TERM "$pid"
for _ in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then echo "aot-cache: FAILED: the training run did not stop" >&2; exit 1; fi
wait "$pid" 2>/dev/null || true
pid=
[ -s "$app/app.aot" ] || { tail -20 "$work/train.log" >&2; echo "aot-cache: FAILED: no $app/app.aot written" >&2; exit 1; }
# the JVM must take it: AOTMode=on refuses to start when the cache cannot be used (a command that needs no server)
"$java_home/bin/java" @deploy/jvm.options -XX:AOTCache="$app/app.aot" -XX:AOTMode=on \
  -Dquarkus.datasource.jdbc.url="jdbc:postgresql://$db_host:$db_port/$db" -Dquarkus.redis.hosts="$redis_url" \
  -jar "$app/quarkus-run.jar" --help >"$work/check.log" 2>&1 \
  || { cat "$work/check.log" >&2; echo "aot-cache: FAILED: the JVM does not take $app/app.aot" >&2; exit 1; }
psql -q -h "$db_host" -p "$db_port" -U postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
redis flushdb >/dev/null
echo "aot-cache: $app/app.aot ($(( $(stat -c %s "$app/app.aot") / 1048576 )) MiB) for $("$java_home/bin/java" -version 2>&1 \
  | head -1), trained in $((SECONDS - started)) s; start with $java_home/bin/java @deploy/jvm.options -XX:AOTCache=$app/app.aot -jar $app/quarkus-run.jar"
