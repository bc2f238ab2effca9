#!/usr/bin/env bash
# Real client libraries against our issuer (issue 16): the packaged service (target/quarkus-app/quarkus-run.jar,
# built by verify) on a fresh database, a role and a service client made with the command line, then
#  - Node's openid-client (.ci/siblings/node, npm ci from its lockfile): discovery, client credentials with
#    client_secret_basic, the token on the permission check, invalid_client / unsupported_grant_type / invalid_scope;
#  - two example Quarkus siblings (.ci/siblings, built here with the service's Quarkus version): caller, with
#    quarkus-oidc-client configured with our issuer only (plus client id, secret, grant type), calls catalog through a
#    REST client with @OidcClientFilter; catalog verifies with quarkus-smallrye-jwt against our JWKS and guards its
#    endpoint with @RolesAllowed. Neither has token code;
#  - the client disabled through the admin API: its tokens are refused by the permission check at once (401 TOKEN_REVOKED).
# Logs stay in target/siblings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
. .ci/checks/lib/common.sh

out="$root/target/siblings"
jar="$root/target/quarkus-app/quarkus-run.jar"
db="${SIBLINGS_DB:-auth_siblings}"
redis_db="${SIBLINGS_REDIS_DB:-9}"
role="films-reader"        # catalog's @RolesAllowed
scope="catalog:read"
[ -f "$jar" ] || { echo "siblings: $jar is missing: run ./mvnw package (or verify) first"; exit 1; }

command -v python3 >/dev/null || apt_install python3
command -v openssl >/dev/null || apt_install openssl
command -v psql >/dev/null || apt_install postgresql-client
command -v redis-cli >/dev/null || apt_install redis-tools
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then apt_install nodejs npm; fi

rm -rf "$out"; mkdir -p "$out"
tmp="$(mktemp -d)"
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT INT TERM

# wait_port PORT PID SECONDS : until something listens on PORT (Quarkus binds it once started); fails if PID died
wait_port() {
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$2" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.3
  done
  return 1
}
fail() { echo "  FAIL $1"; [ -n "${2:-}" ] && [ -f "$2" ] && tail -40 "$2"; exit 1; }

start=$SECONDS
# caller is the README's example: quarkus-oidc-client with our issuer and its credentials, nothing else (no token
# path, no discovery switches), so what passes here is what the README tells siblings to write
oidc_keys="$(sed -n 's/^\(quarkus\.oidc-client\.[^=]*\)=.*/\1/p' .ci/siblings/caller/src/main/resources/application.properties | sort | tr '\n' ' ')"
[ "$oidc_keys" = "quarkus.oidc-client.auth-server-url quarkus.oidc-client.client-id quarkus.oidc-client.credentials.secret quarkus.oidc-client.grant.type " ] \
  || fail "caller's quarkus-oidc-client configuration is not the README's four keys: $oidc_keys"
quarkus_version="$(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' pom.xml | head -1)"
[ -n "$quarkus_version" ] || fail "no quarkus.platform.version in pom.xml"

echo "== database $db and Redis index $redis_db, fresh"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >/dev/null
redis-cli -h 127.0.0.1 -n "$redis_db" flushdb >/dev/null

app_port="$(free_port)"; caller_port="$(free_port)"; catalog_port="$(free_port)"
while [ "$(printf '%s\n' "$app_port" "$caller_port" "$catalog_port" | sort -u | wc -l)" != 3 ]; do
  caller_port="$(free_port)"; catalog_port="$(free_port)"
done
issuer="http://127.0.0.1:$app_port"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/signing-key.pem" 2>/dev/null
openssl rand -out "$tmp/service-secret.key" 64

echo "== the service on $app_port, issuer $issuer (log in target/siblings/auth.log)"
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$redis_db" \
  QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$(free_port)" QUARKUS_OTEL_SDK_DISABLED=true \
  AUTH_ISSUER="$issuer" \
  AUTH_JWT_SIGNING_KEY_LOCATION="$tmp/signing-key.pem" AUTH_SECRET_KEY_LOCATION="$tmp/service-secret.key"
QUARKUS_HTTP_PORT="$app_port" java -Xmx384m -jar "$jar" > "$out/auth.log" 2>&1 &
app_pid=$!
pids+=("$app_pid")

# meanwhile: the siblings' build and openid-client's install (both only read the network's registries)
echo "== building .ci/siblings (Quarkus $quarkus_version, the service's) and installing openid-client (npm ci)"
build_start=$SECONDS
./mvnw -B -q package -DskipTests -f .ci/siblings/pom.xml -Dquarkus.platform.version="$quarkus_version" \
  > "$out/build.log" 2>&1 &
build_pid=$!; pids+=("$build_pid")
cp .ci/siblings/node/package.json .ci/siblings/node/package-lock.json .ci/siblings/node/siblings.mjs "$tmp/"
(cd "$tmp" && npm ci --no-audit --no-fund --loglevel=error > "$out/npm.log" 2>&1) \
  || fail "npm ci of .ci/siblings/node" "$out/npm.log"
echo "  ok   openid-client $(node -p "require('$tmp/node_modules/openid-client/package.json').version") installed"

if ! wait_http "$issuer/q/health/ready" 90; then fail "the service did not become ready" "$out/auth.log"; fi
echo "  ok   the service is ready after $((SECONDS - start)) s"

echo "== the command line: create-role, create-client, create-superuser"
cli() { java -jar "$jar" "$@" 2>>"$out/cli-stderr.log"; }
cli create-role --name "$role" --description "may read the film catalog" > "$out/cli-role.txt" \
  || fail "create-role" "$out/cli-role.txt"
cli create-client --name "catalog caller" --scope "$scope" --role "$role" > "$tmp/client.txt" \
  || fail "create-client" "$tmp/client.txt"
client_id="$(sed -n 's/^client_id: *\([^ ]*\).*/\1/p' "$tmp/client.txt")"
client_secret="$(sed -n 's/^client_secret: *\([^ ]*\).*/\1/p' "$tmp/client.txt")"
[ -n "$client_id" ] && [ -n "$client_secret" ] || fail "no client_id / client_secret in create-client's output"
echo "  ok   create-client printed client_id $client_id and a secret of ${#client_secret} characters"
su_user="sib_root_$(openssl rand -hex 4)"; su_password="siblings $(openssl rand -hex 12) root"
printf '%s\n' "$su_password" | cli create-superuser --username "$su_user" --password-stdin > "$out/cli-superuser.txt" \
  || fail "create-superuser" "$out/cli-superuser.txt"
echo "  ok   $(head -1 "$out/cli-role.txt"); $(head -1 "$out/cli-superuser.txt")"

if ! wait "$build_pid"; then fail "the siblings' build" "$out/build.log"; fi
echo "  ok   .ci/siblings built (done $((SECONDS - build_start)) s after it started)"

echo "== catalog on $catalog_port, caller on $caller_port"
AUTH_ISSUER="$issuer" QUARKUS_HTTP_PORT="$catalog_port" \
  java -Xmx192m -jar .ci/siblings/catalog/target/quarkus-app/quarkus-run.jar > "$out/catalog.log" 2>&1 &
catalog_pid=$!; pids+=("$catalog_pid")
AUTH_ISSUER="$issuer" QUARKUS_HTTP_PORT="$caller_port" CATALOG_URL="http://127.0.0.1:$catalog_port" \
  CATALOG_CLIENT_ID="$client_id" CATALOG_CLIENT_SECRET="$client_secret" \
  java -Xmx192m -jar .ci/siblings/caller/target/quarkus-app/quarkus-run.jar > "$out/caller.log" 2>&1 &
caller_pid=$!; pids+=("$caller_pid")
wait_port "$catalog_port" "$catalog_pid" 60 || fail "catalog did not start" "$out/catalog.log"
wait_port "$caller_port" "$caller_pid" 60 || fail "caller did not start" "$out/caller.log"
echo "  ok   both siblings started"

echo "== checks"
AUTH_ISSUER="$issuer" CLIENT_ID="$client_id" CLIENT_SECRET="$client_secret" CLIENT_ROLE="$role" CLIENT_SCOPE="$scope" \
  CALLER_URL="http://127.0.0.1:$caller_port" CATALOG_URL="http://127.0.0.1:$catalog_port" \
  SUPERUSER_USERNAME="$su_user" SUPERUSER_PASSWORD="$su_password" \
  node "$tmp/siblings.mjs" || fail "the sibling checks (logs in target/siblings/)"

echo "== no secret in any log"
leaks="$( { grep -rlF -e "$client_secret" -e "$su_password" "$out" || true
           grep -rlE 'eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}' "$out" || true; } | sort -u)"
[ -z "$leaks" ] || fail "a secret or a token is in: $leaks"
echo "  ok   the client secret, the superuser's password and the tokens are in none of the logs in target/siblings/"
echo "sibling services passed in $((SECONDS - start)) s"
