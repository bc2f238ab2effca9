"""What docker-compose.yml exposes, checked on Compose's own resolved configuration (`config`: variables
interpolated, ports normalised), so what is judged is what Compose would run.

  python3 .ci/checks/lib/compose_exposure.py docker-compose     (or: docker compose)

Asserts that:
  - no service but nginx publishes a port on anything but the host's loopback (short or long port syntax, a bare
    container port, 0.0.0.0 or ::), and no service uses the host's network;
  - redis runs with --requirepass and a non-empty password, both with REDIS_PASSWORD unset (the local-only default)
    and set (then it is that value);
  - the service uses that same password (QUARKUS_REDIS_PASSWORD, or the user-info of QUARKUS_REDIS_HOSTS);
  - redis's health check authenticates with it (REDISCLI_AUTH or -a) and looks for PONG (redis-cli exits 0 on NOAUTH).
Then deliberately broken copies of docker-compose.yml (each still a valid Compose file) must be rejected, so the
assertions are known to bite. Exits 1 on any failure.
"""
import copy
import ipaddress
import os
import shlex
import subprocess
import sys
import tempfile

import yaml

COMPOSE = sys.argv[1:] or ["docker-compose"]
SOURCE = "docker-compose.yml"
PROBE = "probe-Redis-password-7f3a"  # what REDIS_PASSWORD is set to in the second resolution
PUBLIC_OK = {"nginx"}  # the only services that may publish on every interface


def resolve(path, redis_password):
    env = dict(os.environ)
    env.pop("REDIS_PASSWORD", None)
    if redis_password is not None:
        env["REDIS_PASSWORD"] = redis_password
    out = subprocess.run([*COMPOSE, "--project-directory", os.getcwd(), "-f", path, "config"],
                         env=env, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"{' '.join(COMPOSE)} config rejected {path}: {out.stderr.strip()[:300]}")
    return yaml.safe_load(out.stdout)


def bindings(service):
    """(host_ip or None for every interface, published port or None for an ephemeral one, the entry as written)"""
    result = []
    for p in service.get("ports") or []:
        if isinstance(p, dict):
            host = p.get("host_ip") or None
            published = p.get("published")
            result.append((host, str(published) if published not in (None, "") else None, p))
            continue
        text = str(p).split("/")[0]
        if text.startswith("["):  # [::1]:8025:8025
            host, rest = text[1:].split("]", 1)
            parts = [host] + rest.lstrip(":").split(":")
        else:
            parts = text.split(":")
        if len(parts) == 1:
            result.append((None, None, p))  # a container port alone: a random host port on every interface
        elif len(parts) == 2:
            result.append((None, parts[0], p))
        else:
            result.append((parts[0] or None, parts[-2] or None, p))
    return result


def loopback(host):
    try:
        return host is not None and ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def env_of(service):
    e = service.get("environment") or {}
    if isinstance(e, list):
        return dict(x.split("=", 1) if "=" in x else (x, "") for x in e)
    return {k: "" if v is None else str(v) for k, v in e.items()}


def argv(value):
    if value is None:
        return []
    return shlex.split(value) if isinstance(value, str) else [str(x) for x in value]


def redis_password(cfg):
    args = argv(cfg["services"].get("redis", {}).get("command"))
    if "--requirepass" in args and args.index("--requirepass") + 1 < len(args):
        return args[args.index("--requirepass") + 1]
    return None


def problems(cfg, expected_password=None):
    """Everything wrong with one resolved configuration; expected_password: what REDIS_PASSWORD was set to."""
    found = []
    services = cfg.get("services", {})
    for name, svc in services.items():
        if svc.get("network_mode") == "host":
            found.append(f"{name} uses the host's network (every port on every interface)")
        if name in PUBLIC_OK:
            continue
        for host, port, raw in bindings(svc):
            if not loopback(host):
                where = "every interface" if host in (None, "0.0.0.0", "::", "[::]") else host
                found.append(f"{name} publishes {raw!r} on {where}, not on 127.0.0.1")
    if "redis" not in services or "auth" not in services:
        return found + ["services redis and auth exist"]
    password = redis_password(cfg)
    if not password:
        found.append("redis runs without --requirepass <non-empty password>")
        return found
    if expected_password is not None and password != expected_password:
        found.append(f"redis's password does not follow REDIS_PASSWORD (set to {expected_password!r})")
    a_env = env_of(services["auth"])
    hosts = a_env.get("QUARKUS_REDIS_HOSTS", "")
    in_hosts = hosts.split("://", 1)[-1].split("@", 1)[0].split(":", 1)[-1] if "@" in hosts else None
    if a_env.get("QUARKUS_REDIS_PASSWORD", in_hosts) != password:
        found.append("auth does not use redis's password (QUARKUS_REDIS_PASSWORD or redis://:<password>@ in QUARKUS_REDIS_HOSTS)")
    hc = services["redis"].get("healthcheck") or {}
    test = " ".join(argv(hc.get("test")))
    r_env = env_of(services["redis"])
    authenticated = r_env.get("REDISCLI_AUTH") == password or f"-a {password}" in test or f"-a '{password}'" in test
    if "redis-cli" not in test or not authenticated:
        found.append("redis's health check does not authenticate with the password (REDISCLI_AUTH or redis-cli -a)")
    if "PONG" not in test:
        found.append("redis's health check does not look for PONG (redis-cli exits 0 even on NOAUTH)")
    return found


def judge(path):
    """Problems of a compose file, resolved with REDIS_PASSWORD unset and set."""
    default, probe = resolve(path, None), resolve(path, PROBE)
    out = problems(default) + [p for p in problems(probe, PROBE) if p not in problems(default)]
    return out, default


failures = []


def check(cond, what):
    print(("  ok   " if cond else "  FAIL ") + what)
    if not cond:
        failures.append(what)


real, default_cfg = judge(SOURCE)
for p in real:
    check(False, p)
check(not real, "only nginx is published on every interface; Redis requires a password and auth and the health check use it")
check(redis_password(default_cfg) not in (None, "", PROBE) and "local" in redis_password(default_cfg),
      "with REDIS_PASSWORD unset redis gets the local-only default")
published = {n: [(h, p) for h, p, _ in bindings(s)] for n, s in default_cfg["services"].items()}
check(("127.0.0.1", "8025") in published.get("mailpit", []), "Mailpit's UI is published on 127.0.0.1:8025")
check(("127.0.0.1", "16686") in published.get("jaeger", []), "Jaeger's UI is published on 127.0.0.1:16686")



def live_redis(cfg):
    """redis's own command line and health check from the resolved file, run against a real redis-server in a private
    network namespace (its own loopback, so port 6379 there is free and the health check runs exactly as written)."""
    redis = cfg["services"]["redis"]
    args = argv(redis.get("command"))
    test = argv((redis.get("healthcheck") or {}).get("test"))
    if test[:1] == ["CMD-SHELL"]:
        hc = ["sh", "-c", " ".join(test[1:])]
    else:
        hc = test[1:] if test[:1] == ["CMD"] else test
    auth = env_of(redis).get("REDISCLI_AUTH", "")
    q = lambda xs: " ".join(shlex.quote(x) for x in xs)
    script = f"""
set -u
t="$(mktemp -d)"
ip link set lo up
{q(args)} --dir "$t" --bind 127.0.0.1 --port 6379 --daemonize yes --pidfile "$t/redis.pid" --logfile "$t/redis.log"
trap 'kill "$(cat "$t/redis.pid")" 2>/dev/null; sleep 0.2; rm -rf "$t"' EXIT
for _ in $(seq 1 100); do redis-cli ping 2>/dev/null | grep -q . && break; sleep 0.1; done
result() {{ if [ "$1" = "$2" ]; then echo "  ok   $3"; else echo "  FAIL $3"; fi; }}
REDISCLI_AUTH={shlex.quote(auth)} {q(hc)} >/dev/null 2>&1; result $? 0 "live: the health check passes against redis started with the file's command line"
env -u REDISCLI_AUTH {q(hc)} >/dev/null 2>&1; result $? 1 "live: the same health check without the password fails (redis really requires it)"
REDISCLI_AUTH=wrong-password {q(hc)} >/dev/null 2>&1; result $? 1 "live: the health check with a wrong password fails"
env -u REDISCLI_AUTH redis-cli set auth:user:1 forged 2>&1 | grep -q NOAUTH; result $? 0 "live: a write without the password is refused (NOAUTH)"
"""
    unshare = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    out = subprocess.run([*unshare, "bash", "-c", script], capture_output=True, text=True, timeout=60)
    lines = [l for l in out.stdout.splitlines() if l.startswith("  ")]
    for line in lines:
        check(line.startswith("  ok"), line[7:])
    if len(lines) != 4:
        check(False, f"live redis run: expected 4 results, got {len(lines)} (rc {out.returncode}): {out.stderr.strip()[:300]}")


live_redis(default_cfg)

raw = yaml.safe_load(open(SOURCE))


def ports(svc, value):
    return lambda c: c["services"][svc].__setitem__("ports", value)


def set_env(svc, key, value):
    def mutate(c):
        e = c["services"][svc].setdefault("environment", {})
        if value is None:
            e.pop(key, None)
        else:
            e[key] = value
    return mutate


def redis_command(transform):
    return lambda c: c["services"]["redis"].__setitem__("command", transform(list(c["services"]["redis"]["command"])))


def without_requirepass(args):
    i = args.index("--requirepass")
    return args[:i] + args[i + 2:]


negative = [
    ("Mailpit on every interface (\"8025:8025\")", ports("mailpit", ["8025:8025"])),
    ("Mailpit on 0.0.0.0", ports("mailpit", ["0.0.0.0:8025:8025"])),
    ("Jaeger as a bare container port (random host port, every interface)", ports("jaeger", ["16686"])),
    ("PostgreSQL in long syntax without host_ip", ports("postgres", [{"target": 5432, "published": 5432}])),
    ("Redis published on the LAN address 192.168.1.5", ports("redis", ["192.168.1.5:6379:6379"])),
    ("the service published next to nginx", ports("auth", ["8080:8080"])),
    ("Mailpit on the host's network", lambda c: c["services"]["mailpit"].__setitem__("network_mode", "host")),
    ("redis without --requirepass", redis_command(without_requirepass)),
    ("redis with an empty default (${REDIS_PASSWORD})",
     redis_command(lambda a: [("${REDIS_PASSWORD}" if x.startswith("${REDIS_PASSWORD") else x) for x in a])),
    ("redis with a fixed password that ignores REDIS_PASSWORD",
     redis_command(lambda a: [("redis-local-only" if x.startswith("${REDIS_PASSWORD") else x) for x in a])),
    ("auth without the Redis password", set_env("auth", "QUARKUS_REDIS_PASSWORD", None)),
    ("auth with another password", set_env("auth", "QUARKUS_REDIS_PASSWORD", "${REDIS_PASSWORD:-something-else}")),
    ("a health check without the password", set_env("redis", "REDISCLI_AUTH", None)),
    ("a health check that trusts redis-cli's exit code",
     lambda c: c["services"]["redis"]["healthcheck"].__setitem__("test", ["CMD", "redis-cli", "ping"])),
]
with tempfile.TemporaryDirectory() as tmp:
    for what, mutate in negative:
        broken = copy.deepcopy(raw)
        mutate(broken)
        path = os.path.join(tmp, "broken.yml")
        with open(path, "w") as f:
            yaml.safe_dump(broken, f, sort_keys=False)
        try:
            found, _ = judge(path)
            check(bool(found), f"negative control: {what} is rejected" + (f" ({found[0]})" if found else ""))
        except RuntimeError as e:  # the copy must be valid Compose, or the control proves nothing
            check(False, f"negative control: {what}: {e}")

if failures:
    print(f"compose exposure: {len(failures)} check(s) failed")
    sys.exit(1)
print("compose exposure: all checks passed")
