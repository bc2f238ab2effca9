#!/usr/bin/env bash
# Throughput and latency of POST /api/v1/auth/login (Argon2id hashing dominates: this measures the password cost on
# this machine). The service must run with the rate limits off (this script starts it so); wrk for DURATION (30 s)
# with CONNECTIONS (8) connections, then requests/s and p99.
#   bench/login.sh
#   BASE_URL=http://localhost:8080 bench/login.sh      # a service started with AUTH_RATE_LIMIT_ENABLED=false
. "$(dirname "$0")/lib.sh"
start_service
signup_user
cat > "$bench_tmp/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"login":"$BENCH_USER","password":"$BENCH_PASSWORD"}'
LUA
first="$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"login\":\"$BENCH_USER\",\"password\":\"$BENCH_PASSWORD\"}" "$BASE_URL/api/v1/auth/login")"
[ "$first" = 200 ] || { echo "login answers $first, not 200; not benchmarking"; exit 1; }
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$bench_tmp/login.lua" "$BASE_URL/api/v1/auth/login" \
  | tee "$bench_tmp/wrk.txt"
summary "$bench_tmp/wrk.txt"
echo "(every login is a session and a history row: the bench database grows)"
