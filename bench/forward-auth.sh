#!/usr/bin/env bash
# Forward authentication next to the permission check, in one window on one service: the same user's bearer token,
# wrk for DURATION (30 s) with CONNECTIONS (8) connections on GET /api/v1/authz/check?role=user, then on
# GET /api/v1/authz/forward?role=user, ROUNDS (2) times alternating; requests/s, p99 and the service's CPU time per
# request of each run (the last needs the service started here: BASE_URL unset).
#   bench/forward-auth.sh                        # starts target/quarkus-app/quarkus-run.jar against the local databases
#   CONNECTIONS=16 DURATION=20s bench/forward-auth.sh
. "$(dirname "$0")/lib.sh"
ROUNDS="${ROUNDS:-2}"
start_service
signup_user
check="$BASE_URL/api/v1/authz/check?role=user"
forward="$BASE_URL/api/v1/authz/forward?role=user"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ACCESS_TOKEN" "$forward")" = 200 ] \
  || { echo "forward authentication does not answer 200; not benchmarking"; exit 1; }
case "$(curl -s -H "Authorization: Bearer $ACCESS_TOKEN" "$check")" in *'"allowed":true'*) ;;
  *) echo "the check does not answer allowed=true; not benchmarking"; exit 1 ;; esac
echo "wrk: $THREADS threads, $CONNECTIONS connections, $DURATION, $ROUNDS rounds (a 5 s warm-up of each first)"
for url in "$check" "$forward"; do
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $ACCESS_TOKEN" "$url" >/dev/null
done
for round in $(seq 1 "$ROUNDS"); do
  for url in "$check" "$forward"; do
    before="$(cpu_ticks "$bench_pid")"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $ACCESS_TOKEN" "$url" \
      > "$bench_tmp/wrk.txt"
    after="$(cpu_ticks "$bench_pid")"
    rps="$(awk '/Requests\/sec/ {print $2}' "$bench_tmp/wrk.txt")"
    requests="$(awk '/requests in/ {print $1}' "$bench_tmp/wrk.txt")"
    # the service's CPU per answer: steadier than requests/s on a machine where other work competes for the cores
    cpu_us="$(awk -v t="$((after - before))" -v n="$requests" -v hz="$(getconf CLK_TCK)" \
      'BEGIN { printf "%.0f", t / hz * 1e6 / n }')"
    p99="$(awk '$1 == "99%" {print $2}' "$bench_tmp/wrk.txt")"
    non2xx="$(awk '/Non-2xx/ {print $5}' "$bench_tmp/wrk.txt")"
    echo "RUN round=$round ${url#"$BASE_URL"} requests_per_s=$rps p99=$p99 cpu_us_per_request=$cpu_us non_2xx=${non2xx:-0}"
  done
done
