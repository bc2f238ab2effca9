#!/usr/bin/env bash
# Secrets never reach a log. Scans the logs of the whole test run (surefire and failsafe write each test class's
# output to target/{surefire,failsafe}-reports/<class>-output.txt: redirectTestOutputToFile in pom.xml; the packaged
# service under @QuarkusIntegrationTest logs to target/quarkus.log) and of the nginx e2e run
# (target/e2e/: the service's JSON log and nginx's access log) for:
#  - the test password (Api.PASSWORD) and the e2e run's password,
#  - anything shaped like a JWT (eyJ...\.eyJ...), a Bearer credential, a refresh_token value,
#  - Argon2 hashes and PEM private keys,
#  - every token the e2e run received and sent back (target/e2e/sent-secrets.txt).
# Matches are reported by file and line with the value cut short, never printed whole.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v python3 >/dev/null || { . .ci/checks/lib/common.sh; apt_install python3; }

python3 - <<'PY'
import glob, os, re, sys

reports = sorted(glob.glob("target/surefire-reports/*-output.txt"))
# black-box tests (failsafe): their own output, and the packaged service's log Quarkus keeps in target/quarkus.log
it_logs = sorted(glob.glob("target/failsafe-reports/*-output.txt")) + [p for p in ["target/quarkus.log"] if os.path.exists(p)]
e2e_logs = [p for p in ["target/e2e/app.log", "target/e2e/nginx.log"] if os.path.exists(p)]
# the command line's output (the Kubernetes Job's create-superuser run twice by the e2e check)
e2e_logs += sorted(glob.glob("target/e2e/job-*.txt"))
failures = []
if not reports:
    failures.append("no target/surefire-reports/*-output.txt: run the tests first (./mvnw verify), with redirectTestOutputToFile")
if not all(os.path.exists(p) for p in ["target/e2e/app.log", "target/e2e/nginx.log"]):
    failures.append("no target/e2e/app.log and nginx.log: run .ci/checks/40-nginx-e2e.sh first")

api = open("src/test/java/io/cinema/auth/support/Api.java").read()
m = re.search(r'PASSWORD\s*=\s*"([^"]+)"', api)
literals = {m.group(1) if m else "correct horse battery staple"}
sent = []
if os.path.exists("target/e2e/sent-secrets.txt"):
    sent = [l.strip() for l in open("target/e2e/sent-secrets.txt") if l.strip()]
    if len(sent) < 5:
        failures.append("target/e2e/sent-secrets.txt holds fewer values than the e2e run sends")

patterns = {
    "JWT": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}"),
    "Bearer credential": re.compile(r"Bearer\s+[A-Za-z0-9._~+/-]{20,}"),
    "refresh_token value": re.compile(r"refresh_?token[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9_-]{20,}", re.I),
    "Argon2 hash": re.compile(r"\$argon2(id|i|d)\$v=\d+\$m="),
    "PEM private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
}

# the scanner must bite: each pattern finds its kind of secret
samples = {
    "JWT": "token=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMifQ.c2ln",
    "Bearer credential": "Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123",
    "refresh_token value": '{"refresh_token":"Qm9ndXNSZWZyZXNoVG9rZW5WYWx1ZTEyMzQ1Njc4"}',
    "Argon2 hash": "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
    "PEM private key": "-----BEGIN PRIVATE KEY-----",
}
for name, rx in patterns.items():
    if not rx.search(samples[name]):
        failures.append(f"self-test: the {name} pattern misses its sample")
for path in e2e_logs[:2]:
    if sum(1 for _ in open(path, errors="replace")) < 10:
        failures.append(f"{path} is nearly empty: nothing real was scanned")

def scan(path, extra):
    hits = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            found = [name for name, rx in patterns.items() if rx.search(line)]
            found += ["a known password or token" for s in extra if s in line]
            if found:
                shown = line.strip()
                for rx in patterns.values():
                    shown = rx.sub(lambda m: m.group(0)[:8] + "<cut>", shown)
                for secret in extra:
                    shown = shown.replace(secret, "<secret>")
            for what in found:
                hits += 1
                if hits <= 5:
                    print(f"  FAIL {path}:{n}: {what}: {shown[:120]}")
    return hits

total = 0
for path in reports + it_logs:
    total += scan(path, literals)
for path in e2e_logs:
    total += scan(path, literals | set(sent))
print(f"scanned {len(reports)} test output file(s), {len(it_logs)} black-box test log(s) and {len(e2e_logs)} e2e log(s) "
      f"for {len(patterns)} patterns, {len(literals)} test password(s), {len(sent)} e2e secret(s): {total} hit(s)")
if total:
    failures.append(f"{total} secret(s) in the logs")
for f in failures:
    print("  FAIL " + f)
sys.exit(1 if failures else 0)
PY
echo "secret scan passed"
