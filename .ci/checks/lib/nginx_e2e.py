"""End-to-end checks of the packaged service behind the shipped nginx.conf (run by .ci/checks/40-nginx-e2e.sh).

Clients connect from distinct loopback addresses (127.0.0.2, .3, .4) so that the address nginx sees is not the one
the service trusts as its proxy (127.0.0.1): exactly the situation of a real client on the internet.
"""
import concurrent.futures
import http.client
import json
import os
import re
import signal
import sys
import time
import uuid

NGINX_PORT = int(os.environ["NGINX_PORT"])
APP_PORT = int(os.environ["APP_PORT"])
APP_PID = int(os.environ["APP_PID"])
OUT = os.environ["E2E_OUT"]
PASSWORD = os.environ["E2E_PASSWORD"]
SPOOFED = "203.0.113.7"

failures = []
sent_secrets = [PASSWORD]


def check(cond, what):
    print(("  ok   " if cond else "  FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return cond


class Answer:
    def __init__(self, resp, body):
        self.status = resp.status
        self.headers = resp.getheaders()
        self.body = body

    def header(self, name):
        values = self.all(name)
        return values[0] if values else None

    def all(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def problem(self, status, code):
        j = self.json() or {}
        return (self.status == status and (self.header("Content-Type") or "").startswith("application/problem+json")
                and j.get("code") == code and j.get("status") == status)

    def __repr__(self):
        # never print a token, not even a throwaway one, into the CI log
        body = re.sub(r'"(access_token|refresh_token)":"[^"]*"', r'"\1":"<redacted>"', self.body)
        return f"{self.status} {self.header('Content-Type')} {body[:200]!r}"


def call(method, path, body=None, headers=None, source="127.0.0.2", port=None, raw_body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port or NGINX_PORT, timeout=30, source_address=(source, 0))
    h = {"User-Agent": "cinema-e2e/1.0 (X11; Linux x86_64)"}
    if body is not None:
        raw_body = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    conn.request(method, path, body=raw_body, headers=h)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return Answer(resp, data.decode("utf-8", "replace"))


def spoof(extra=None):
    h = {"X-Forwarded-For": SPOOFED}
    h.update(extra or {})
    return h


print("through nginx: signup, login, refresh from 127.0.0.2 with a forged X-Forwarded-For")
user = "e2e_" + uuid.uuid4().hex[:10]
signup = call("POST", "/api/v1/auth/signup", {"username": user, "email": f"{user}@example.com", "password": PASSWORD},
              headers=spoof({"X-Request-Id": "e2e-request-0001"}))
check(signup.status == 201 and (signup.json() or {}).get("token_type") == "Bearer", f"signup: 201 token pair ({signup})")
check(signup.all("X-Request-Id") == ["e2e-request-0001"], "the client's well-formed X-Request-Id comes back, once")
for h in ["X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy", "Referrer-Policy"]:
    check(len(signup.all(h)) == 1, f"security header {h} present exactly once on a proxied answer")
check(signup.header("Content-Encoding") is None, "token answers are not compressed")

bad_id = call("GET", "/.well-known/jwks.json", headers={"X-Request-Id": "bad id <script>"})
check(bad_id.status == 200 and re.fullmatch(r"[0-9a-f]{32}", bad_id.header("X-Request-Id") or "") is not None,
      "a malformed X-Request-Id is replaced by nginx's own")

login = call("POST", "/api/v1/auth/login", {"login": user, "password": PASSWORD},
             headers=spoof({"Accept-Encoding": "gzip"}))
pair = login.json() or {}
check(login.status == 200 and "access_token" in pair, f"login: 200 ({login})")
check(login.header("Content-Encoding") is None, "the login answer is not gzipped even when the client accepts gzip")
sent_secrets += [signup.json().get("access_token", ""), signup.json().get("refresh_token", ""),
                 pair.get("access_token", ""), pair.get("refresh_token", "")]

wrong = call("POST", "/api/v1/auth/login", {"login": user, "password": PASSWORD + " but wrong"}, headers=spoof())
check(wrong.problem(401, "INVALID_CREDENTIALS"), f"failed login: 401 INVALID_CREDENTIALS passes through nginx ({wrong})")

refreshed = call("POST", "/api/v1/auth/refresh", {"refresh_token": pair.get("refresh_token")}, headers=spoof())
check(refreshed.status == 200 and "refresh_token" in (refreshed.json() or {}), f"refresh: 200 ({refreshed})")
tokens = refreshed.json() or {}
sent_secrets += [tokens.get("access_token", ""), tokens.get("refresh_token", "")]
bearer = {"Authorization": "Bearer " + tokens.get("access_token", "")}

history = call("GET", "/api/v1/account/history?page=1&size=100", headers=bearer)
items = (history.json() or {}).get("items", [])
events = sorted({i["event_type"] for i in items})
ips = sorted({i["ip_address"] for i in items})
check(history.status == 200 and {"signup", "login", "refresh"} <= set(events), f"history lists signup, login, refresh: {events}")
check(ips == ["127.0.0.2"],
      f"every history entry has the address nginx saw and forwarded (127.0.0.2), never the forged {SPOOFED}: {ips}")
sessions = call("GET", "/api/v1/account/sessions", headers=bearer)
check(sessions.status == 200 and {s["ip_address"] for s in sessions.json()} == {"127.0.0.2"},
      "sessions show the same client address")

print("through nginx: the permission check, and the superuser the Job created")
check_user = call("GET", "/api/v1/authz/check?role=user", headers=bearer)
check(check_user.status == 200 and (check_user.json() or {}).get("allowed") is True, f"authz check role=user: allowed ({check_user})")
check_su = call("GET", "/api/v1/authz/check?role=superuser", headers=bearer)
check(check_su.status == 200 and (check_su.json() or {}).get("allowed") is False, "authz check role=superuser: not allowed")
anonymous = call("GET", "/api/v1/authz/check?role=user")
check(anonymous.status == 200 and (anonymous.json() or {}).get("anonymous") is True, f"authz check without a token: anonymous ({anonymous})")
with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
    many = list(pool.map(lambda _: call("GET", "/api/v1/authz/check?role=user", headers=bearer), range(100)))
check(all(a.status == 200 for a in many), "100 concurrent permission checks: all 200 (no limit on the hot path)")
root = call("POST", "/api/v1/auth/login", {"login": os.environ["SUPERUSER_USERNAME"], "password": os.environ["SUPERUSER_PASSWORD"]})
root_token = (root.json() or {}).get("access_token", "")
sent_secrets.extend([os.environ["SUPERUSER_PASSWORD"], root_token, (root.json() or {}).get("refresh_token", "")])
account = call("GET", "/api/v1/account", headers={"Authorization": "Bearer " + root_token})
check(root.status == 200 and "superuser" in (account.json() or {}).get("roles", []),
      f"the Job's superuser logs in and has the superuser role ({account})")

print("through nginx: forward authentication of the example sibling (/example/, an echo upstream)")
fwd_user = "e2e_fwd_" + uuid.uuid4().hex[:8]
fwd = call("POST", "/api/v1/auth/signup", {"username": fwd_user, "email": f"{fwd_user}@example.com", "password": PASSWORD})
fwd_token = (fwd.json() or {}).get("access_token", "")
sent_secrets += [fwd_token, (fwd.json() or {}).get("refresh_token", "")]
fwd_bearer = {"Authorization": "Bearer " + fwd_token}
fwd_id = (call("GET", "/api/v1/account", headers=fwd_bearer).json() or {}).get("id")
forged = {"X-Auth-User-Id": "00000000-0000-0000-0000-000000000000", "X-Auth-Username": "root",
          "X-Auth-Roles": "superuser", "X-Auth-Session-Id": "forged", "X-Auth-Client-Id": "forged",
          "X-Auth-Error": "forged"}


def upstream_headers(answer):
    seen = {}
    for k, v in (answer.json() or {}).get("headers", []):
        seen.setdefault(k.lower(), []).append(v)
    return seen


passed = call("GET", "/example/hello", headers=dict(fwd_bearer, **forged))
seen = upstream_headers(passed)
check(passed.status == 200 and (passed.json() or {}).get("path") == "/example/hello",
      f"a live token passes to the sibling ({passed.status})")
check(seen.get("x-auth-user-id") == [fwd_id] and seen.get("x-auth-username") == [fwd_user]
      and seen.get("x-auth-roles") == ["user"] and len(seen.get("x-auth-session-id", [""])[0]) == 36,
      f"the sibling sees the caller from the auth answer only, once each: {({k: v for k, v in seen.items() if k.startswith('x-auth')})}")
check("x-auth-client-id" not in seen and "x-auth-error" not in seen,
      "X-Auth-Client-Id and X-Auth-Error the client forged never reach the sibling")
anon = call("GET", "/example/hello", headers={"X-Auth-User-Id": fwd_id or "x"})
check(anon.problem(401, "TOKEN_MISSING") and anon.header("WWW-Authenticate") == "Bearer" and "headers" not in anon.body,
      f"no token: 401 problem+json TOKEN_MISSING with the Bearer challenge, the sibling not reached ({anon})")
garbage = call("GET", "/example/hello", headers={"Authorization": "Bearer garbage"})
check(garbage.problem(401, "TOKEN_INVALID") and garbage.header("WWW-Authenticate") == 'Bearer error="invalid_token"',
      f"a bad token: 401 TOKEN_INVALID with error=invalid_token ({garbage})")
roles = call("GET", "/api/v1/roles", headers={"Authorization": "Bearer " + root_token}).json() or []
user_role = next((r["id"] for r in roles if r.get("name") == "user"), None)
taken = call("DELETE", f"/api/v1/users/{fwd_id}/roles/{user_role}", headers={"Authorization": "Bearer " + root_token})
no_role = call("GET", "/example/hello", headers=fwd_bearer)
check(taken.status == 204 and no_role.problem(403, "FORBIDDEN") and "headers" not in no_role.body,
      f"the role taken: 403 problem+json FORBIDDEN at once ({taken.status}, {no_role})")
call("PUT", f"/api/v1/users/{fwd_id}/roles/{user_role}", headers={"Authorization": "Bearer " + root_token})
check(call("GET", "/example/hello", headers=fwd_bearer).status == 200, "the role given back: 200 at once")
out_ = call("POST", "/api/v1/auth/logout", {}, headers=fwd_bearer)
revoked = call("GET", "/example/hello", headers=fwd_bearer)
check(out_.status == 204 and revoked.problem(401, "TOKEN_REVOKED"),
      f"after logout the same token is 401 TOKEN_REVOKED at once ({out_.status}, {revoked})")
with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
    many = list(pool.map(lambda _: call("GET", "/example/x", headers=bearer), range(100)))
check(all(a.status == 200 for a in many), "100 concurrent forwarded requests: all 200 (no limit)")

print("through nginx: the hosted pages and their assets")
app_csp = call("GET", "/device", port=APP_PORT, source="127.0.0.1").header("Content-Security-Policy")
for path in ["/verify-email", "/reset-password", "/device"]:
    a = call("GET", path, headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    check(a.status == 200 and (a.header("Content-Type") or "").startswith("text/html") and '<html lang="ru">' in a.body
          and a.all("Content-Security-Policy") == [app_csp] and "default-src 'self'" in app_csp
          and "frame-ancestors 'none'" in app_csp and "no-store" in (a.header("Cache-Control") or "")
          and a.all("X-Content-Type-Options") == ["nosniff"] and a.all("Referrer-Policy") == ["no-referrer"],
          f"GET {path}: the page in Russian, with the service's CSP once, no-store, nosniff ({a.status})")
refused = call("GET", "/social-callback?code=c&state=unknown")
check(refused.status == 400 and (refused.header("Content-Type") or "").startswith("text/html")
      and "data-return" not in refused.body, f"GET /social-callback with an unknown state: the refusal page ({refused.status})")
for asset, kind in [("device.js", "javascript"), ("pages.css", "text/css")]:
    a = call("GET", "/auth-assets/" + asset)
    check(a.status == 200 and kind in (a.header("Content-Type") or ""), f"GET /auth-assets/{asset}: 200 {kind}")

print("through nginx: what is not routed, and nginx's own errors as problem+json")
for path in ["/q/health/ready", "/q/health/live", "/q/metrics", "/q/openapi", "/q/swagger-ui/",
             "/api/v1/../q/health/ready", "/api/v1/%2e%2e/q/health/ready", "/api/v1/..%2fq/health/ready",
             "//q/health/ready", "/api/v1/auth/../../q/metrics", "/", "/__problem/not-found", "/device/x",
             "/auth-assets/../q/metrics"]:
    a = call("GET", path)
    check(a.problem(404, "NOT_FOUND") and "auth_" not in a.body and '"UP"' not in a.body,
          f"GET {path}: 404 problem+json NOT_FOUND from nginx ({a.status})")

big = call("POST", "/api/v1/auth/login", raw_body=b'{"login":"' + b"a" * 100_000 + b'"}',
           headers={"Content-Type": "application/json"})
check(big.problem(413, "VALIDATION_FAILED"), f"a 100 kB body: 413 problem+json VALIDATION_FAILED ({big})")
huge_header = call("GET", "/.well-known/jwks.json", headers={"X-Padding": "a" * 20_000})
check(huge_header.problem(431, "VALIDATION_FAILED"), f"a 20 kB header: 431 problem+json VALIDATION_FAILED ({huge_header})")
long_uri = call("GET", "/api/v1/" + "a" * 70_000)
check(long_uri.problem(414, "VALIDATION_FAILED"), f"a 70 kB URI: 414 problem+json VALIDATION_FAILED ({long_uri})")

print("through nginx: a burst of 40 logins at once from 127.0.0.3 meets nginx's per-address limit")


def failed_login(i):
    return call("POST", "/api/v1/auth/login", {"login": f"burst{i}_{uuid.uuid4().hex[:6]}", "password": "wrong password 1"},
                source="127.0.0.3")


with concurrent.futures.ThreadPoolExecutor(max_workers=40) as pool:
    burst = list(pool.map(failed_login, range(40)))
limited = [a for a in burst if a.status == 429]
passed = [a for a in burst if a.status == 401]
check(len(passed) >= 1 and len(limited) >= 10, f"burst: {len(passed)} reached the service, {len(limited)} were refused")
check(all(a.problem(429, "RATE_LIMITED") and "from this address" in a.json().get("detail", "") for a in limited),
      "every refusal is nginx's 429 problem+json RATE_LIMITED")
check(all((a.header("Retry-After") or "").isdigit() for a in limited), "with a Retry-After header")

print("through nginx: the service's own brute-force lock (11 wrong passwords for one login, from 127.0.0.4)")
lock_name = "lock_" + uuid.uuid4().hex[:8]
answers = [call("POST", "/api/v1/auth/login", {"login": lock_name, "password": "wrong password 1"}, source="127.0.0.4")
           for _ in range(11)]
locked = answers[-1]
check(all(a.status == 401 for a in answers[:10]), "the first 10 failures are 401")
check(locked.problem(429, "RATE_LIMITED") and "from this address" not in locked.json().get("detail", "")
      and int(locked.header("Retry-After") or 0) >= 1,
      f"the 11th is the service's own 429 with Retry-After, passed through unchanged ({locked})")

print("the service directly: metrics after those logins")
logout = call("POST", "/api/v1/auth/logout", {"refresh_token": tokens.get("refresh_token")}, headers=bearer)
check(logout.status == 204, f"logout through nginx: 204 ({logout.status})")
metrics = call("GET", "/q/metrics", port=APP_PORT, source="127.0.0.1").body


def metric(name, labels=None):
    total = 0.0
    for line in metrics.splitlines():
        m = re.match(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)", line)
        if not m or m.group(1) != name:
            continue
        if labels and not all(f'{k}="{v}"' in (m.group(2) or "") for k, v in labels.items()):
            continue
        total += float(m.group(3))
    return total


for name, labels in [("auth_signups_total", None), ("auth_logins_total", {"result": "success"}),
                     ("auth_logins_total", {"result": "invalid_credentials"}),
                     ("auth_refreshes_total", {"result": "success"}),
                     ("auth_sessions_revoked_total", {"reason": "logout"}),
                     ("auth_rate_limit_hits_total", None), ("auth_password_hash_seconds_count", None)]:
    value = metric(name, labels)
    check(value >= 1, f"/q/metrics: {name}{labels or ''} = {value}")

print("the service stops gracefully; nginx then answers 503 problem+json")
started = time.monotonic()
os.kill(APP_PID, signal.SIGTERM)
while time.monotonic() - started < 40:
    try:
        os.kill(APP_PID, 0)
    except ProcessLookupError:
        break
    time.sleep(0.2)
stopped_in = time.monotonic() - started
check(stopped_in < 35, f"the service stopped {stopped_in:.1f} s after SIGTERM")
down = call("POST", "/api/v1/auth/login", {"login": user, "password": PASSWORD})
check(down.problem(503, "SERVICE_UNAVAILABLE") and (down.header("Retry-After") or "").isdigit(),
      f"with the service down: 503 problem+json SERVICE_UNAVAILABLE with Retry-After ({down})")

gone = call("GET", "/example/hello", headers=bearer)
check(gone.problem(503, "SERVICE_UNAVAILABLE") and "headers" not in gone.body,
      f"forward authentication with the service down: 503 problem+json, the sibling not reached ({gone})")

with open(os.path.join(OUT, "sent-secrets.txt"), "w") as f:
    f.write("\n".join(s for s in sent_secrets if s) + "\n")

if failures:
    print(f"nginx e2e: {len(failures)} check(s) failed")
    sys.exit(1)
print("nginx e2e: all checks passed")
