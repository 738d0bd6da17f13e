#!/usr/bin/env bash
# The README's main job, served for real: run examples/serve on a free
# loopback port, greet a bounded number of clients, then restart it on the
# same port at once (the connections it closed are in TIME_WAIT) and serve
# again. Fails on a missing greeting, a failed rebind, or a bad exit status.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --quiet --example serve
bin=target/debug/examples/serve

# A free port, picked by the kernel on 127.0.0.1 (never any other address).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

serve_round() { # $1 = clients to serve
  local log; log=$(mktemp)
  timeout 20 "$bin" "127.0.0.1:$port" --count "$1" >"$log" 2>&1 &
  local pid=$!
  python3 - "$port" "$1" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
deadline = time.time() + 10
for i in range(n):
    while True:
        try:
            c = socket.create_connection(("127.0.0.1", port), timeout=5)
            break
        except ConnectionRefusedError:
            if time.time() > deadline:
                sys.exit("server never listened")
            time.sleep(0.05)
    c.settimeout(5)
    data = b""
    while not data.endswith(b"\n"):
        chunk = c.recv(128)
        if not chunk:
            break
        data += chunk
    c.close()
    if not data.startswith(b"hello from baresock, 127.0.0.1:"):
        sys.exit(f"client {i}: bad greeting {data!r}")
PY
  local status=0
  wait "$pid" || status=$?
  cat "$log"
  grep -q "served $1 clients, bye" "$log" || { echo "serve-check: server did not finish"; exit 1; }
  [ "$status" -eq 0 ] || { echo "serve-check: exit status $status"; exit 1; }
  rm -f "$log"
}

serve_round 3
# The server closed first, so its side of each connection is in TIME_WAIT.
tw=$(grep -c ":$(printf '%04X' "$port") [0-9A-F:]* 06 " /proc/net/tcp || true)
echo "serve-check: $tw connection(s) in TIME_WAIT on port $port; restarting at once"
serve_round 2
echo "serve-check: ok (restart rebound port $port through TIME_WAIT)"
