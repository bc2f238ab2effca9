#!/usr/bin/env bash
# The Quarkus side of the native build (no GraalVM/Mandrel on CI machines: the binary itself is built where one
# exists, or in a container with -Dquarkus.native.container-build=true). This runs every Quarkus build step of a
# native build and writes target/native-sources/: the native-image arguments, the runner jar with its
# reflection/resource configuration, and lib/. Asserts that they exist and carry what the service reads at run
# time (the common-password list, the user-agent rules) and what Jackson serialises without Quarkus inferring it.
# Runs last (zz-): it replaces target/quarkus-app's jar packaging with the native sources.
set -euo pipefail
cd "$(dirname "$0")/../.."
start=$SECONDS
command -v python3 >/dev/null || { . .ci/checks/lib/common.sh; apt_install python3; }

echo "== ./mvnw package, native sources only"
./mvnw -B -q package -DskipTests -Dquarkus.native.enabled=true -Dquarkus.native.sources-only=true \
  -Dquarkus.package.jar.enabled=false

dir=target/native-sources
python3 - "$dir" <<'PY'
import glob, json, os, re, sys, zipfile

d = sys.argv[1]
failures = []
def check(cond, what):
    print(("  ok   " if cond else "  FAIL ") + what)
    if not cond:
        failures.append(what)

args_file = os.path.join(d, "native-image.args")
check(os.path.isfile(args_file), f"{args_file} exists")
args = open(args_file).read() if os.path.isfile(args_file) else ""
jars = glob.glob(os.path.join(d, "*-runner.jar"))
check(len(jars) == 1, "the runner jar exists")
check(os.path.isdir(os.path.join(d, "lib")) and len(os.listdir(os.path.join(d, "lib"))) > 10, "lib/ holds the dependencies")
check("-jar" in args and os.path.basename(jars[0]) in args if jars else False, "native-image.args builds the runner jar")
check("--no-fallback" in args, "no JVM fallback image")
check("AwtFeature" not in args, "no java.awt in the image: the TOTP QR PNG is written without it (totp/QrPng)")
if jars:
    z = zipfile.ZipFile(jars[0])
    res = json.loads(z.read("META-INF/native-image/resource-config.json"))
    patterns = json.dumps(res)
    for r in ["com/nulabinc/zxcvbn/matchers/dictionaries/passwords", "ua_parser/regexes", "db/migration/V1__create_schema"]:
        check(r.replace("/", "/") in patterns.replace("\\\\", "").replace("\\Q", "").replace("\\E", ""),
              f"resource {r}* is included in the image")
    reflect = {e["name"] for e in json.loads(z.read("META-INF/native-image/reflect-config.json"))}
    # types used by reflection that Quarkus does not infer: found in the sources, each must be registered
    sources = {}
    for path in glob.glob("src/main/java/**/*.java", recursive=True):
        sources[path] = open(path, encoding="utf-8").read()
    declared = {}
    for path, text in sources.items():
        pkg = re.search(r"^package ([\w.]+);", text, re.M).group(1)
        top = os.path.basename(path)[:-5]
        for m in re.finditer(r"\b(?:record|class)\s+(\w+)", text):
            name = m.group(1)
            declared.setdefault(name, f"{pkg}.{top}" if name == top else f"{pkg}.{top}${name}")
    used = set()
    for text in sources.values():
        used |= set(re.findall(r"readValue\([^;]*?,\s*(\w+)\.class", text))
        used |= set(re.findall(r"writeValueAsString\((?:new\s+)?(\w+)\(", text))
        used |= set(re.findall(r"\.project\((\w+)\.class", text))
        used |= set(re.findall(r"Response\.(?:ok|accepted)\(new\s+(\w+)\(", text))
        used |= set(re.findall(r"\.entity\((?:new\s+)?(\w+)\.?\w*\(", text))
    wanted = sorted({declared[u] for u in used if u in declared} |
                    {"io.cinema.auth.web.Problem", "io.cinema.auth.support.ApiException$FieldError",
                     "io.cinema.auth.token.TokenPairResponse"})
    for cls in wanted:
        check(cls in reflect, f"{cls} is registered for reflection")
if failures:
    print(f"native sources: {len(failures)} check(s) failed"); sys.exit(1)
PY
echo "native sources passed in $((SECONDS - start)) s"
