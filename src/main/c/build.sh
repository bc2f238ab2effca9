#!/usr/bin/env bash
# Builds the service's two native libraries into OUT_DIR/native/linux-x86_64/, where they are loaded from the class
# path: libauthargon2.so (argon2id_fill.c, the AVX2 Argon2id fill, for Argon2idNative) and libauthrsa.so
# (rsa_sign.c, RS256/384/512 signatures through OpenSSL 3's libcrypto, for NativeRsa). Called by Maven
# (exec-maven-plugin, phase process-classes):
#   bash src/main/c/build.sh <classes dir> <JDK home>
# Where one cannot be built (not Linux on x86-64, no C compiler, no jni.h, no OpenSSL 3 headers) it says so in one
# line and goes on: the service then hashes with its Java Argon2id (the same bytes, about 2.7× slower) and signs with
# the JDK (the same bytes, about 1.8× slower).
set -euo pipefail
OUT=${1:?classes directory}
JDK=${2:?JDK home}
DIR=$(cd "$(dirname "$0")" && pwd)
CC=${CC:-cc}
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "[native] not Linux on x86-64: no native Argon2id or RSA, the Java ones are used"; exit 0
fi
if ! command -v "$CC" >/dev/null 2>&1; then
  echo "[native] no C compiler ($CC): no native Argon2id or RSA, the Java ones are used"; exit 0
fi
[ -f "$JDK/include/jni.h" ] || JDK=$(dirname "$JDK")   # java.home of a JDK 8 layout is its jre/
if [ ! -f "$JDK/include/jni.h" ]; then
  echo "[native] no jni.h under $JDK/include: no native Argon2id or RSA, the Java ones are used"; exit 0
fi
mkdir -p "$OUT/native/linux-x86_64"

# build NAME SOURCE EXTRA_FLAGS...: libNAME.so from SOURCE unless it is newer than the source and this script
build() {
  local name=$1 src=$DIR/$2 lib=$OUT/native/linux-x86_64/lib$1.so; shift 2
  if [ "$lib" -nt "$src" ] && [ "$lib" -nt "$0" ]; then return 0; fi
  "$CC" -O3 -std=c11 -fPIC -shared -fvisibility=default -fno-strict-aliasing -Wall -Wextra -Werror \
    -Wl,-z,noexecstack -Wl,-z,relro,-z,now -I"$JDK/include" -I"$JDK/include/linux" -o "$lib.tmp" "$src" "$@"
  mv "$lib.tmp" "$lib"
  echo "[native] built $lib"
}

build authargon2 argon2id_fill.c
if printf '#include <openssl/evp.h>\n#if OPENSSL_VERSION_NUMBER < 0x30000000L\n#error old\n#endif\n' \
    | "$CC" -E -x c - >/dev/null 2>&1; then
  build authrsa rsa_sign.c -lcrypto
else
  echo "[native] no OpenSSL 3 headers (libssl-dev): no native RSA, the JDK signs"
fi
