#!/usr/bin/env bash
# Throughput and latency of the permission check (GET /api/v1/authz/check?role=user), the sibling services' hot path:
# a signed-up user's bearer token, wrk for DURATION (30 s) with CONNECTIONS (8) connections, then requests/s and p99.
#   bench/authz-check.sh                         # starts target/quarkus-app/quarkus-run.jar against the local databases
#   BASE_URL=http://localhost:8080 bench/authz-check.sh
. "$(dirname "$0")/lib.sh"
start_service
signup_user
url="$BASE_URL/api/v1/authz/check?role=user"
first="$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $ACCESS_TOKEN" "$url")"
echo "one check: $first"
case "$first" in *'"allowed":true'*' 200') ;; *) echo "the check does not answer allowed=true with 200; not benchmarking"; exit 1 ;; esac
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $ACCESS_TOKEN" "$url" | tee "$bench_tmp/wrk.txt"
summary "$bench_tmp/wrk.txt"
