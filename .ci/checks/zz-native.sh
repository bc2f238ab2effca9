#!/usr/bin/env bash
# The native build as far as it runs without GraalVM (.ci/native-compile.sh says how and what is left out): the
# Quarkus side writes target/native-sources; NativeReflectionTest checks what a running binary would reach by
# reflection or read from the class path against what the build registered; a fixture with a known mistake must
# fail the compile with native-image's own message (so the service's pass means something), as must an option the
# argument translator does not know; then the service compiles to its object file (about 12 minutes, 8 GB).
# Runs last (zz-): it replaces target/quarkus-app's jar packaging with the native sources.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/checks/lib/common.sh
start=$SECONDS
# the builder compiles small C programs against the system headers to learn C struct layouts
command -v gcc >/dev/null && [ -e /usr/include/stdio.h ] || apt_install gcc libc6-dev
command -v ar >/dev/null || apt_install binutils

fail() { echo "FAIL: $*"; exit 1; }

echo "== the translator refuses an option it does not know"
bogus=target/native-bogus/native-sources
rm -rf target/native-bogus && mkdir -p "$bogus"
echo "--no-fallback --bogus-option=1 bogus -jar bogus.jar" > "$bogus/native-image.args"
if .ci/native-compile.sh --dry-run "$bogus"; then fail "a native-image.args with --bogus-option was translated"; fi
grep -q "unknown option '--bogus-option=1'" target/native-bogus/native-compile.log \
  || fail "the translator failed, but not on the unknown option: see target/native-bogus/native-compile.log"

echo "== fixture: a Random initialised at build time must fail the compile"
fixture=.ci/native/fixture
rm -rf "$fixture/target" && mkdir -p "$fixture/target/classes" "$fixture/target/native-sources"
javac --release 17 -d "$fixture/target/classes" "$fixture/src/fixture/BuildTimeRandom.java"
jar --create --file "$fixture/target/native-sources/build-time-random.jar" --main-class fixture.BuildTimeRandom \
  -C "$fixture/target/classes" .
cp "$fixture/native-image.args" "$fixture/target/native-sources/"
if .ci/native-compile.sh "$fixture/target/native-sources"; then fail "the fixture compiled"; fi
grep -q 'Detected an instance of Random/SplittableRandom class in the image heap' "$fixture/target/native-compile.log" \
  || fail "the fixture failed, but not on its build-time Random: see $fixture/target/native-compile.log"

echo "== ./mvnw package, native sources only"
./mvnw -B -q package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true \
  -Dquarkus.package.jar.enabled=false

echo "== NativeReflectionTest against target/native-sources"
./mvnw -B -q surefire:test -Dtest=NativeReflectionTest -Dnative.sources=target/native-sources
# without the property the test is disabled and surefire still passes: make sure it ran, all of it
report=target/surefire-reports/TEST-io.cinema.auth.NativeReflectionTest.xml
grep -qE '<testsuite [^>]*tests="[1-9][0-9]*"' "$report" && grep -qE '<testsuite [^>]*skipped="0"' "$report" \
  || fail "NativeReflectionTest did not run: see $report"

echo "== the service, compiled to its object file"
.ci/native-compile.sh target/native-sources
echo "native check passed in $((SECONDS - start)) s"
