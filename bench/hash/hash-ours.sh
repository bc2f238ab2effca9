#!/usr/bin/env bash
# The bare hash rate of the service's own Argon2id (OurHashBench.java) at 1 and 2 threads, REPS fresh JVMs each,
# printed as the peer's hash.sh prints Bouncy Castle's: a RUN line per JVM, then
# "FIGURE hash-ours threads=N ... median_hashes_per_s=.. min=.. max=..". Uses the packaged jar (target/quarkus-app).
# IMPL: auto (what the service runs: the native AVX2 fill where it loads, else the Java loop; the default), java,
# native; the FIGURE line names the one measured (impl=native or impl=java).
#   bench/hash/hash-ours.sh                        # REPS=5 SECS=15 WARM=5, the default java
#   IMPL=java bench/hash/hash-ours.sh              # the Java loop, as where the native fill cannot load
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 REPS=3 bench/hash/hash-ours.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
REPS=${REPS:-5} SECS=${SECS:-15} WARM=${WARM:-5} IMPL=${IMPL:-auto}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
APP=$(ls "$ROOT"/target/quarkus-app/app/*.jar | head -1)
for t in 1 2; do
  rates=() used=
  for _ in $(seq 1 "$REPS"); do
    line=$("$JAVA" -cp "$APP" "$HERE/OurHashBench.java" "$t" "$SECS" "$WARM" "$IMPL")
    echo "RUN $line"
    used=$(echo "$line" | grep -o 'impl=ours-[a-z]*' | cut -d- -f2)
    rates+=("$(echo "$line" | grep -o 'hashes_per_s=[0-9.]*' | cut -d= -f2)")
  done
  echo "FIGURE hash-ours threads=$t impl=$used java=$("$JAVA" -version 2>&1 | head -1 | cut -d'"' -f2) reps=$REPS $(printf '%s\n' "${rates[@]}" | sort -g | awk '{a[NR]=$1} END{printf "median_hashes_per_s=%s min=%s max=%s", (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2, a[1], a[NR]}')"
done
