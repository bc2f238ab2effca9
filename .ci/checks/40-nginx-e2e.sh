#!/usr/bin/env bash
# nginx.conf, checked and used for real: `nginx -t` on the shipped file, then the packaged service
# (target/quarkus-app/quarkus-run.jar, built by verify) behind nginx started with the shipped file, changed only in
# the upstream address and the listen port. Through nginx: signup, login, refresh with a forged X-Forwarded-For (the
# login history must show the address nginx saw), the routing of /q/, size limits, a login burst against nginx's
# rate limit, the service's own lock passed through, the permission check (never limited), problem+json
# everywhere, the hosted pages and their assets, forward authentication of an example sibling (an echo upstream), metrics, tracing when configured on, the compose healthcheck command, the Kubernetes Job's
# create-superuser script beside the live service, graceful shutdown and nginx's 503 once the service is gone.
# Logs stay in target/e2e/ for the secret scan (50-secret-scan.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
. .ci/checks/lib/common.sh

out="$root/target/e2e"
jar="$root/target/quarkus-app/quarkus-run.jar"
db="${E2E_DB:-auth_e2e}"
redis_db="${E2E_REDIS_DB:-5}"
[ -f "$jar" ] || { echo "e2e: $jar is missing: run ./mvnw package (or verify) first"; exit 1; }

command -v python3 >/dev/null || apt_install python3
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import yaml' 2>/dev/null || apt_install python3 python3-yaml
command -v nginx >/dev/null || apt_install nginx
command -v openssl >/dev/null || apt_install openssl
command -v psql >/dev/null || apt_install postgresql-client
command -v redis-cli >/dev/null || apt_install redis-tools
# the shipped file runs workers as `nginx` (the official image's user)
id nginx >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin nginx

rm -rf "$out"; mkdir -p "$out"
tmp="$(mktemp -d)"
pids=()
cleanup() {
  local rc=$?
  if [ -f "$tmp/nginx.pid" ]; then kill "$(cat "$tmp/nginx.pid")" 2>/dev/null || true; fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
  exit $rc
}
trap cleanup EXIT INT TERM

echo "== nginx -t on the shipped nginx.conf ($(nginx -v 2>&1))"
nginx -t -c "$root/nginx.conf" -g "pid $tmp/test.pid;"

echo "== database $db and Redis index $redis_db, fresh"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $db" >/dev/null
redis-cli -h 127.0.0.1 -n "$redis_db" flushdb >/dev/null

app_port="$(free_port)"; nginx_port="$(free_port)"; otlp_port="$(free_port)"; sibling_port="$(free_port)"
while [ "$(printf '%s\n' "$app_port" "$nginx_port" "$otlp_port" "$sibling_port" | sort -u | wc -l)" != 4 ]; do
  nginx_port="$(free_port)"; otlp_port="$(free_port)"; sibling_port="$(free_port)"
done
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$tmp/signing-key.pem" 2>/dev/null
openssl rand -out "$tmp/service-secret.key" 64

echo "== OTLP/HTTP receiver on $otlp_port"
python3 "$root/.ci/checks/lib/otlp_receiver.py" "$otlp_port" "$out/otlp.log" &
pids+=($!)

echo "== an echo upstream on $sibling_port: the example sibling behind forward authentication"
python3 "$root/.ci/checks/lib/echo_upstream.py" "$sibling_port" &
pids+=($!)

echo "== the service on $app_port (JSON logs in target/e2e/app.log)"
start=$SECONDS
# the configuration the service and the command line share, as a deployment gives it
export QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
  QUARKUS_REDIS_HOSTS="redis://127.0.0.1:6379/$redis_db" \
  QUARKUS_MAILER_HOST=127.0.0.1 QUARKUS_MAILER_PORT="$(free_port)" \
  AUTH_ISSUER="http://127.0.0.1:$nginx_port" AUTH_TRUSTED_PROXIES=127.0.0.1/32 \
  AUTH_JWT_SIGNING_KEY_LOCATION="$tmp/signing-key.pem" AUTH_SECRET_KEY_LOCATION="$tmp/service-secret.key"
env QUARKUS_HTTP_PORT="$app_port" QUARKUS_OTEL_SDK_DISABLED=false QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf \
  QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$otlp_port" QUARKUS_OTEL_BSP_SCHEDULE_DELAY=1s \
  java -Xmx384m -jar "$jar" > "$out/app.log" 2>&1 &
app_pid=$!
pids+=("$app_pid")
if ! wait_http "http://127.0.0.1:$app_port/q/health/ready" 90; then
  echo "e2e: the service did not become ready; its log:"; tail -50 "$out/app.log"; exit 1
fi
echo "ready after $((SECONDS - start)) s"
if head -c 1 "$out/app.log" | grep -q '{'; then echo "  ok   logs are JSON lines (prod profile)"; else echo "  FAIL logs are not JSON"; exit 1; fi

echo "== the compose healthcheck of auth, run against the live service"
hc="$(python3 - "$root/docker-compose.yml" "$app_port" <<'PY'
import sys, re
text = open(sys.argv[1]).read()
# the auth service's healthcheck test line (a JSON-style list in the YAML)
block = text[text.index("\n  auth:"):]
line = next(l for l in block.splitlines() if l.strip().startswith("test:"))
args = __import__("json").loads(line.split("test:", 1)[1].strip())
assert args[0] == "CMD" and args[1] == "bash", args
print(args[3].replace("/8080", "/" + sys.argv[2]))
PY
)"
if bash -c "$hc"; then echo "  ok   healthcheck passes against a ready service"; else echo "  FAIL compose healthcheck"; exit 1; fi

echo "== the Kubernetes Job's create-superuser script, twice, beside the running service"
job_script="$(/usr/bin/python3 - "$root/k8s/job-create-superuser.yaml" "$jar" <<'PY'
import sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
c = job["spec"]["template"]["spec"]["containers"][0]
assert c["command"] == ["/bin/bash", "-c"], c["command"]
print(c["args"][0].replace("/deployments/quarkus-run.jar", sys.argv[2]))
PY
)"
export SUPERUSER_USERNAME="e2e_root_$(openssl rand -hex 4)" SUPERUSER_EMAIL="root@example.com"
export SUPERUSER_PASSWORD="e2e root $(openssl rand -hex 8) secret"
for round in first second; do
  if ! QUARKUS_OTEL_SDK_DISABLED=true bash -c "$job_script" > "$out/job-$round.txt" 2>&1; then
    echo "  FAIL the Job's script failed ($round run):"; cat "$out/job-$round.txt"; exit 1
  fi
done
grep -q "created" "$out/job-first.txt" && grep -q "already exists" "$out/job-second.txt" \
  && ! grep -q '^{' "$out/job-first.txt" \
  && echo "  ok   created, then exit 0 with 'already exists' (--if-not-exists), in human lines: $(tail -1 "$out/job-second.txt")" \
  || { echo "  FAIL unexpected Job output:"; cat "$out"/job-*.txt; exit 1; }
wait_http "http://127.0.0.1:$app_port/q/health/ready" 5 && echo "  ok   the service kept serving" \
  || { echo "  FAIL the service stopped answering"; exit 1; }

echo "== nginx on $nginx_port with the shipped config, upstream addresses and listen address changed"
sed -e "s#http://auth:8080#http://127.0.0.1:$app_port#" -e "s#http://sibling:8080#http://127.0.0.1:$sibling_port#" \
    -e "s#listen 80 default_server#listen 127.0.0.1:$nginx_port default_server#" "$root/nginx.conf" > "$tmp/nginx.conf"
changed="$(diff "$root/nginx.conf" "$tmp/nginx.conf" | grep -c '^>' || true)"
[ "$changed" = 3 ] || { echo "e2e: expected exactly 3 changed lines in the nginx copy, got $changed"; exit 1; }
nginx -c "$tmp/nginx.conf" -g "pid $tmp/nginx.pid; daemon off;" > "$out/nginx.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$tmp/nginx.pid" ] && break; sleep 0.1; done
[ -s "$tmp/nginx.pid" ] || { echo "e2e: nginx did not start"; cat "$out/nginx.log"; exit 1; }

echo "== checks"
NGINX_PORT="$nginx_port" APP_PORT="$app_port" APP_PID="$app_pid" E2E_OUT="$out" \
  SUPERUSER_USERNAME="$SUPERUSER_USERNAME" SUPERUSER_PASSWORD="$SUPERUSER_PASSWORD" E2E_PASSWORD="e2e $(openssl rand -hex 8) stays out of logs" python3 "$root/.ci/checks/lib/nginx_e2e.py"

echo "== tracing (SDK on by configuration): spans exported over OTLP"
for _ in $(seq 1 20); do grep -q 'login-span=True' "$out/otlp.log" 2>/dev/null && break; sleep 0.5; done
if grep -q '^/v1/traces .* login-span=True' "$out/otlp.log" 2>/dev/null; then
  echo "  ok   the OTLP receiver got spans of POST /api/v1/auth/login ($(wc -l < "$out/otlp.log") export(s))"
else
  echo "  FAIL no login span reached the OTLP receiver"; cat "$out/otlp.log" 2>/dev/null; exit 1
fi
grep -q '"message":"auth-service stopped' "$out/app.log" && echo "  ok   the service logged its orderly stop" \
  || { echo "  FAIL no orderly stop in the log"; exit 1; }
echo "nginx e2e passed in $((SECONDS - start)) s"
