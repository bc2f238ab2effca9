# Helpers shared by the .ci/checks scripts (sourced, not run: only *.sh directly in .ci/checks/ are run).

# apt_install PKG... : installs what is missing, quietly, without starting services
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  # policy-rc.d 101: packages such as nginx must not start their service on install
  local policy=/usr/sbin/policy-rc.d created=""
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; created=1; fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$created" ]; then rm -f "$policy"; fi
}

# free_port : a TCP port nobody listens on now, below the kernel's ephemeral range (32768-60999 here): a port the
# kernel handed out for a listener and freed again can be handed to an outgoing connection next, even the service's
# own connection to PostgreSQL before it binds its HTTP port (seen: "Port 41167 seems to be in use")
free_port() {
  python3 - <<'PY'
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(200):
    port = random.randint(20000, min(low, 32768) - 1)
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("no free port below the ephemeral range")
PY
}

# wait_http URL SECONDS : until URL answers 200
wait_http() {
  local url="$1" deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    if python3 - "$url" <<'PY' 2>/dev/null
import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)
PY
    then return 0; fi
    sleep 0.5
  done
  return 1
}
