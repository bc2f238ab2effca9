#!/usr/bin/env bash
# The tests on a machine with only Java: a smoke set of test classes with the embedded PostgreSQL and Redis forced
# (-Dcinema.test.embedded=true; TestServers would otherwise take the local servers that answer here), which must
# report that they ran on the embedded servers: signup and login (AuthResourceTest), refresh-token rotation
# (RefreshTokenTest) and the Redis-backed rate limits (RateLimitTest). Runs on target/ as the verify build left it
# (compiled); the three classes' reports in target/surefire-reports/ are then this run's (the secret scan reads them).
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
classes="AuthResourceTest,RefreshTokenTest,RateLimitTest"
out=target/surefire-reports
log=target/embedded-smoke.log
mkdir -p "$out"
rm -f "$out"/null-output.txt "$out"/*.AuthResourceTest* "$out"/*.RefreshTokenTest* "$out"/*.RateLimitTest*

echo "== $classes on embedded servers"
./mvnw -B -q surefire:test -Dtest="$classes" -Dsurefire.failIfNoSpecifiedTests=false -Dcinema.test.embedded=true \
  > "$log" 2>&1 || { tail -60 "$log"; echo "embedded smoke: tests failed"; exit 1; }

grep -h "TestServers: cinema.test" "$out"/*-output.txt | sort -u | sed 's/^/  /'
for kind in postgres redis; do
  grep -qh "TestServers: cinema.test.$kind-port=[0-9]*, embedded (cinema.test.embedded=true)" "$out"/*-output.txt \
    || { echo "  FAIL the smoke tests did not run on an embedded $kind"; exit 1; }
done
python3 - "$out" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
total = failed = 0
for f in [p for p in glob.glob(sys.argv[1] + "/TEST-*.xml") if p.endswith(("AuthResourceTest.xml", "RefreshTokenTest.xml", "RateLimitTest.xml"))]:
    r = ET.parse(f).getroot()
    total += int(r.get("tests")); failed += int(r.get("failures")) + int(r.get("errors"))
    print(f"  {r.get('name')}: {r.get('tests')} tests, {int(r.get('failures')) + int(r.get('errors'))} failed")
if total < 10 or failed:
    print(f"  FAIL {total} tests ran, {failed} failed"); sys.exit(1)
PY
echo "embedded smoke passed in $((SECONDS - start)) s"
