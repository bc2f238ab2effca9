#!/usr/bin/env bash
# Builds libauthargon2.so (argon2id_fill.c, the AVX2 Argon2id fill) into OUT_DIR/native/linux-x86_64/, where
# Argon2idNative loads it from the class path. Called by Maven (exec-maven-plugin, phase process-classes):
#   bash src/main/c/build.sh <classes dir> <JDK home>
# Where it cannot be built (not Linux on x86-64, no C compiler, no jni.h) it says so in one line and exits 0: the
# service then hashes with its Java Argon2id, the same bytes, about 2.7× slower.
set -euo pipefail
OUT=${1:?classes directory}
JDK=${2:?JDK home}
SRC=$(cd "$(dirname "$0")" && pwd)/argon2id_fill.c
CC=${CC:-cc}
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "[argon2] not Linux on x86-64: no native Argon2id, the Java one is used"; exit 0
fi
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "[argon2] no C compiler ($CC): no native Argon2id, the Java one is used"; exit 0
fi
[ -f "$JDK/include/jni.h" ] || JDK=$(dirname "$JDK")   # java.home of a JDK 8 layout is its jre/
if [ ! -f "$JDK/include/jni.h" ]; then
  echo "[argon2] no jni.h under $JDK/include: no native Argon2id, the Java one is used"; exit 0
fi
mkdir -p "$OUT/native/linux-x86_64"
LIB="$OUT/native/linux-x86_64/libauthargon2.so"
if [ "$LIB" -nt "$SRC" ] && [ "$LIB" -nt "$0" ]; then exit 0; fi
"$CC" -O3 -std=c11 -fPIC -shared -fvisibility=default -fno-strict-aliasing -Wall -Wextra -Werror \
  -Wl,-z,noexecstack -Wl,-z,relro,-z,now -I"$JDK/include" -I"$JDK/include/linux" -o "$LIB.tmp" "$SRC"
mv "$LIB.tmp" "$LIB"
echo "[argon2] built $LIB"
