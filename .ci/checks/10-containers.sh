#!/usr/bin/env bash
# Container files, checked offline (no Docker engine in CI):
#  - docker-compose.yml (and the own-keys override) through Compose's own validation: `docker compose config` when
#    the plugin exists, else Debian's docker-compose; then assertions on what the deployment relies on (services,
#    images, published ports, healthchecks, depends_on conditions, the service's environment, nginx's fixed address
#    being the only trusted proxy);
#  - exposure (lib/compose_exposure.py, on Compose's resolved configuration): nothing but nginx published on every
#    interface (Mailpit and Jaeger on 127.0.0.1 only), Redis behind a password that the service and the health check
#    use; deliberately broken copies of the file must be rejected, so those assertions are known to bite;
#  - the Dockerfiles: base images, non-root user, EXPOSE 8080, the four-layer copy of target/quarkus-app, and that
#    every COPY source exists after the build and is not excluded by .dockerignore.
set -euo pipefail
cd "$(dirname "$0")/../.."
. .ci/checks/lib/common.sh

[ -x /usr/bin/python3 ] || apt_install python3
/usr/bin/python3 -c 'import yaml' 2>/dev/null || apt_install python3-yaml

echo "== Compose's own validation"
if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  command -v docker-compose >/dev/null || apt_install docker-compose
  compose=(docker-compose)
fi
echo "using: ${compose[*]} ($("${compose[@]}" version 2>/dev/null | head -1))"
"${compose[@]}" -f docker-compose.yml config -q
echo "  ok   docker-compose.yml is valid"
"${compose[@]}" -f docker-compose.yml -f deploy/compose.own-keys.yml config -q
echo "  ok   docker-compose.yml + deploy/compose.own-keys.yml are valid"

echo "== assertions"
/usr/bin/python3 - <<'PY'
import fnmatch, glob, ipaddress, json, os, re, sys
import yaml

failures = []
def check(cond, what):
    print(("  ok   " if cond else "  FAIL ") + what)
    if not cond:
        failures.append(what)

c = yaml.safe_load(open("docker-compose.yml"))
s = c.get("services", {})
for name in ["postgres", "redis", "auth", "nginx", "mailpit", "jaeger"]:
    check(name in s, f"service {name} exists")
check(str(s["postgres"]["image"]).startswith("postgres:16"), "postgres is PostgreSQL 16")
check(str(s["redis"]["image"]).startswith("redis:7"), "redis is Redis 7")
check("jaeger" in s["jaeger"]["image"] and "all-in-one" in s["jaeger"]["image"], "jaeger all-in-one")

def env(svc):
    e = s[svc].get("environment", {})
    return dict(x.split("=", 1) for x in e) if isinstance(e, list) else {k: str(v) for k, v in e.items()}

def published(svc):
    return [str(p) for p in s[svc].get("ports", [])]

def exposed(svc):
    return [str(p) for p in s[svc].get("expose", [])] + [p.split(":")[-1] for p in published(svc)]

auth, a_env = s["auth"], env("auth")
check(auth.get("build", {}).get("dockerfile") == "src/main/docker/Dockerfile.jvm"
      and os.path.exists(auth["build"]["dockerfile"]), "auth is built from src/main/docker/Dockerfile.jvm")
deps = auth.get("depends_on", {})
for d in ["postgres", "redis"]:
    check(isinstance(deps, dict) and deps.get(d, {}).get("condition") == "service_healthy",
          f"auth waits for {d} to be healthy")
for svc, spec in s.items():
    for d, cond in (spec.get("depends_on") or {}).items() if isinstance(spec.get("depends_on"), dict) else []:
        if cond.get("condition") == "service_healthy":
            check("healthcheck" in s[d], f"{svc} waits for {d}'s health, and {d} has a healthcheck")
hc = " ".join(auth.get("healthcheck", {}).get("test", []))
check("/q/health/ready" in hc and "8080" in hc, "auth's healthcheck asks /q/health/ready on 8080")
check(not published("auth"), "auth publishes no port (clients go through nginx)")
check("8080" in exposed("auth") and a_env.get("QUARKUS_HTTP_PORT") == "8080", "auth listens on 8080")
check(re.match(r"jdbc:postgresql://postgres:5432/", a_env.get("QUARKUS_DATASOURCE_JDBC_URL", "")) is not None,
      "datasource points at the postgres service")
check(a_env.get("QUARKUS_DATASOURCE_PASSWORD") == env("postgres").get("POSTGRES_PASSWORD")
      and a_env.get("QUARKUS_DATASOURCE_USERNAME") == env("postgres").get("POSTGRES_USER"), "datasource credentials match postgres's")
check(a_env.get("QUARKUS_REDIS_HOSTS", "").startswith("redis://redis:6379"), "Redis points at the redis service")
check(a_env.get("QUARKUS_MAILER_HOST") == "mailpit" and a_env.get("QUARKUS_MAILER_PORT") == "1025", "mail goes to mailpit:1025")
check("1025" in exposed("mailpit") and "127.0.0.1:8025:8025" in published("mailpit"),
      "mailpit: SMTP 1025 inside, UI 8025 published on 127.0.0.1 only")
check(a_env.get("QUARKUS_OTEL_SDK_DISABLED") == "false" and a_env.get("QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT") == "http://jaeger:4317",
      "tracing on, exported to jaeger:4317")
check("4317" in exposed("jaeger"), "jaeger receives OTLP on 4317")
check(not any("4317" in p for p in published("jaeger")) and not any("1025" in p for p in published("mailpit")),
      "OTLP and SMTP are not published")
keydir = a_env.get("AUTH_JWT_GENERATED_KEY_DIR")
check(any(str(v).split(":")[1] == keydir and str(v).split(":")[0] in (c.get("volumes") or {}) for v in auth.get("volumes", [])),
      f"generated keys ({keydir}) live in a named volume")
ng = s["nginx"]
check("80:80" in published("nginx"), "nginx publishes port 80")
check("./nginx.conf:/etc/nginx/nginx.conf:ro" in ng.get("volumes", []), "nginx runs the shipped nginx.conf, read-only")
check(ng.get("depends_on", {}).get("auth", {}).get("condition") == "service_healthy", "nginx waits for auth to be healthy")
nginx_ip = ng["networks"]["default"]["ipv4_address"]
subnet = c["networks"]["default"]["ipam"]["config"][0]["subnet"]
check(ipaddress.ip_address(nginx_ip) in ipaddress.ip_network(subnet), f"nginx's fixed address {nginx_ip} is in {subnet}")
trusted = [ipaddress.ip_network(x.strip()) for x in a_env.get("AUTH_TRUSTED_PROXIES", "").split(",") if x.strip()]
check(trusted == [ipaddress.ip_network(nginx_ip + "/32")], "auth trusts nginx's address only (not Docker's gateway)")
check(ipaddress.ip_address(subnet.split("/")[0]) + 1 not in trusted[0], "the network's gateway is not trusted")
conf = open("nginx.conf").read()
check(re.search(r"set \$auth_upstream http://auth:8080;", conf) is not None and "resolver 127.0.0.11" in conf,
      "nginx.conf sends to auth:8080, resolved at request time by Docker's DNS")
check(re.search(r"^\s*listen 80 default_server;", conf, re.M) is not None, "nginx.conf listens on 80, the published port")
for svc in s:
    check(svc in ("auth",) or "image" in s[svc], f"{svc}: an image (or built)")

o = yaml.safe_load(open("deploy/compose.own-keys.yml"))["services"]["auth"]
mount = next(v for v in o["volumes"] if v.startswith("./deploy/keys:"))
target = mount.split(":")[1]
for k in ["AUTH_JWT_SIGNING_KEY_LOCATION", "AUTH_SECRET_KEY_LOCATION"]:
    check(o["environment"][k].startswith(target + "/"), f"own keys: {k} is inside the ./deploy/keys mount")
check(mount.endswith(":ro"), "own keys are mounted read-only")
check(open("deploy/keys/.gitignore").read().strip().splitlines()[1:] == ["*", "!.gitignore"], "deploy/keys/ content is git-ignored")

# Dockerfiles
def instructions(path):
    lines, cur = [], ""
    for raw in open(path):
        line = raw.rstrip("\n")
        if not cur and (not line.strip() or line.lstrip().startswith("#")):
            continue
        cur += line[:-1] + " " if line.endswith("\\") else line
        if not line.endswith("\\"):
            lines.append(cur.strip()); cur = ""
    return [(l.split(None, 1)[0].upper(), l.split(None, 1)[1] if " " in l else "") for l in lines]

ignore = [l.strip() for l in open(".dockerignore") if l.strip() and not l.startswith("#")]
def ignored(path):
    result = False
    for pat in ignore:
        neg = pat.startswith("!")
        p = pat[1:] if neg else pat
        p = p.rstrip("/")
        if fnmatch.fnmatch(path, p) or path.startswith(p + "/"):
            result = not neg
    return result

expect = {
    "src/main/docker/Dockerfile.jvm": ("registry.access.redhat.com/ubi9/openjdk-17-runtime:", "185"),
    "src/main/docker/Dockerfile.native": ("registry.access.redhat.com/ubi9/ubi-minimal:", "1001"),
    "src/main/docker/Dockerfile.native-micro": ("quay.io/quarkus/ubi9-quarkus-micro-image:", "1001"),
}
for path, (base, uid) in expect.items():
    ins = instructions(path)
    froms = [a for i, a in ins if i == "FROM"]
    users = [a for i, a in ins if i == "USER"]
    check(froms and froms[-1].split()[0].startswith(base), f"{path}: runs on {base}")
    check(users and users[-1] == uid, f"{path}: runs as uid {uid}, not root")
    check(("EXPOSE", "8080") in ins, f"{path}: EXPOSE 8080")
    check(any(i == "ENTRYPOINT" for i, _ in ins), f"{path}: has an ENTRYPOINT")
    for i, a in ins:
        if i != "COPY" or "--from=" in a:
            continue
        src = [t for t in a.split() if not t.startswith("--")][0]
        if "-runner" in src:
            check(not ignored("target/auth-service-1.0.0-SNAPSHOT-runner"), f"{path}: {src} is sent to the build (.dockerignore)")
            continue
        found = glob.glob(src.rstrip("/"))
        check(bool(found), f"{path}: COPY source {src} exists after the build")
        check(all(not ignored(f) for f in found), f"{path}: COPY source {src} is not excluded by .dockerignore")
jvm = [a for i, a in instructions("src/main/docker/Dockerfile.jvm") if i == "COPY"]
layers = [a.split()[-2] for a in jvm]
check(layers == ["target/quarkus-app/lib/", "target/quarkus-app/*.jar", "target/quarkus-app/app/", "target/quarkus-app/quarkus/"],
      "Dockerfile.jvm: the four quarkus-app layers, least changed first")
check(ignored("src/main/java/Foo.java") and ignored("target/e2e/app.log"), ".dockerignore keeps sources and logs out of the context")

if failures:
    print(f"containers: {len(failures)} check(s) failed"); sys.exit(1)
print("containers: all checks passed")
PY

echo "== exposure: published ports, the Redis password"
# the live part runs redis's command line and health check against a real redis-server in a private network namespace
command -v redis-server >/dev/null || apt_install redis-server
command -v redis-cli >/dev/null || apt_install redis-tools
command -v ip >/dev/null || apt_install iproute2
command -v unshare >/dev/null || apt_install util-linux
/usr/bin/python3 .ci/checks/lib/compose_exposure.py "${compose[@]}"
