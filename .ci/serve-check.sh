#!/usr/bin/env bash
# The README's main job, served for real: run examples/serve on a free
# loopback port, greet a bounded number of clients, then restart it on the
# same port at once (the connections it closed are in TIME_WAIT) and serve
# again. Then the same over UDP (--udp), on 127.0.0.1 and ::1: every datagram
# is answered at the address it came from. Then on wildcard addresses,
# 0.0.0.0 and dual-stack [::]: clients connected to 127.0.0.2, 127.0.0.3 and
# ::1 get their answer, so it came from the address each asked (PKTINFO).
# Then the same on a socket from an activator. Then --quiet under a burst of 510 datagrams, served in recvmmsg batches
# and cut at --count 500 mid-batch. Then signals: SIGHUP interrupts the
# blocked accept4 (EINTR, no SA_RESTART), the server reports and keeps
# serving; SIGTERM ends it with status 0. Fails on a missing greeting, a
# failed rebind, or a bad exit status.
set -euo pipefail
cd "$(dirname "$0")/.."
CI_NAME=serve-check
. .ci/lib/common.sh
need_apt python3 systemd  # the clients and the free ports; systemd-socket-activate

cargo build --quiet --example serve
bin=${CARGO_TARGET_DIR:-target}/debug/examples/serve

# A free port, picked by the kernel on 127.0.0.1 (never any other address).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

serve_round() { # $1 = clients to serve
  local log; log=$(mktemp)
  timeout 20 "$bin" "127.0.0.1:$port" --count "$1" >"$log" 2>&1 &
  local pid=$!
  python3 - "$port" "$1" <<'PY'
import sys
sys.path.insert(0, ".ci/lib")
from greeting import greeted
port, n = int(sys.argv[1]), int(sys.argv[2])
for i in range(n):
    greeted(port, f"client {i}")
PY
  end_round "$pid" "$log" "served $1 clients, bye"
}

end_round() { # $1 = server pid, $2 = its log, $3 = the last line it must print
  local status=0
  wait "$1" || status=$?
  cat "$2"
  grep -q "$3" "$2" || fail "server did not finish ($3)"
  [ "$status" -eq 0 ] || fail "exit status $status"
  rm -f "$2"
}

serve_round 3
# The server closed first, so its side of each connection is in TIME_WAIT.
tw=$(grep -c ":$(printf '%04X' "$port") [0-9A-F:]* 06 " /proc/net/tcp || true)
echo "serve-check: $tw connection(s) in TIME_WAIT on port $port; restarting at once"
serve_round 2
echo "serve-check: ok (restart rebound port $port through TIME_WAIT)"

# A UDP port free on every host given (127.0.0.1, ::1), picked by the kernel
# on the first (20 tries for one the others have free too).
udp_port() {
  python3 - "$@" <<'PY'
import socket, sys
def sock(host):
    return socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
first, others = sys.argv[1], sys.argv[2:]
for _ in range(20):
    s = sock(first)
    s.bind((first, 0))
    port = s.getsockname()[1]
    try:
        for host in others:
            sock(host).bind((host, port))
    except OSError:
        continue
    print(port)
    sys.exit(0)
sys.exit("no UDP port free on " + " ".join(sys.argv[1:]))
PY
}

udp_round() { # $1 = host (127.0.0.1 or ::1), $2 = datagrams to answer
  local host=$1 n=$2 uport addr log
  uport=$(udp_port "$host")
  addr="$host:$uport"; [[ $host == *:* ]] && addr="[$host]:$uport"
  log=$(mktemp)
  timeout 20 "$bin" --udp "$addr" --count "$n" >"$log" 2>&1 &
  local pid=$!
  # Each client is a new socket: a new peer, which must be greeted by its
  # own address (the one recv_from reported), and nobody else's.
  python3 - "$host" "$uport" "$n" "$log" <<'PY'
import socket, sys, time
host, port, n, log = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
v6 = ":" in host
# A datagram sent before the server is bound is lost: wait for its line.
deadline = time.time() + 10
while b"serving datagrams on" not in open(log, "rb").read():
    if time.time() > deadline:
        sys.exit("server never bound")
    time.sleep(0.05)
for i in range(n):
    c = socket.socket(socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_DGRAM)
    c.bind((host, 0))
    c.settimeout(5)
    c.sendto(b"x" * (i + 1), (host, port))
    data, _ = c.recvfrom(256)
    me = c.getsockname()
    peer = f"[{me[0]}]:{me[1]}" if v6 else f"{me[0]}:{me[1]}"
    if data != f"hello from baresock, {peer}\n".encode():
        sys.exit(f"datagram {i}: bad greeting {data!r} for {peer}")
    # Bound to the address itself, it still learns where each was sent.
    if f"datagram {i + 1}: {i + 1} bytes from {peer} to {host}\n" not in open(log).read():
        sys.exit(f"datagram {i}: the server did not print its peer {peer}, size and {host}")
    c.close()
PY
  end_round "$pid" "$log" "served $n datagrams, bye"
}

udp_round 127.0.0.1 3
udp_round ::1 2
echo "serve-check: ok (--udp answered every datagram at its sender's address, v4 and v6)"

# A wildcard address: each client connect()s to one of the host's addresses
# and takes answers from it only.
wildcard_round() { # $1 = 0.0.0.0 or ::, then the addresses the clients ask
  local any=$1 uport addr log pid
  shift
  if [[ $any == *:* ]]; then uport=$(udp_port 127.0.0.1 ::1); addr="[$any]:$uport"
  else uport=$(udp_port 127.0.0.1); addr="$any:$uport"; fi
  log=$(mktemp)
  timeout 20 "$bin" --udp "$addr" --count $# >"$log" 2>&1 &
  pid=$!
  python3 .ci/lib/udp_clients.py asked "$log" "$uport" "$@" | sed 's/^/serve-check: /' \
    || { cat "$log"; fail "--udp $addr: an answer missing or from the wrong address"; }
  end_round "$pid" "$log" "served $# datagrams, bye"
}

wildcard_round 0.0.0.0 127.0.0.2 127.0.0.3
wildcard_round :: ::1 127.0.0.2
echo "serve-check: ok (0.0.0.0 and dual-stack [::] answered from the address each client asked)"

# Socket-activated: the inherited datagram socket gets PKTINFO too. The
# activator starts the server at the first datagram.
uport=$(udp_port 127.0.0.1)
log=$(mktemp)
timeout 20 systemd-socket-activate --datagram -l "0.0.0.0:$uport" "$bin" --udp --count 2 \
  >"$log" 2>&1 &
pid=$!
python3 .ci/lib/udp_clients.py activated "$log" "$uport" 127.0.0.2 127.0.0.3 \
  | sed 's/^/serve-check: /' \
  || { cat "$log"; fail "activated --udp: an answer missing or from the wrong address"; }
grep -q "^listening on 0.0.0.0:$uport (fd 3), inherited from the activator" "$log" \
  || { cat "$log"; fail "activated --udp did not serve the inherited socket"; }
end_round "$pid" "$log" "served 2 datagrams, bye"
echo "serve-check: ok (an activator's 0.0.0.0 socket answered from the address asked)"

# --quiet: 510 datagrams, as fast as the server answers them, 500 served
# (--count ends it inside a batch: the rest go unanswered), and no line per
# datagram.
uport=$(udp_port 127.0.0.1)
log=$(mktemp)
timeout 40 "$bin" --udp "127.0.0.1:$uport" --quiet --count 500 >"$log" 2>&1 &
pid=$!
python3 .ci/lib/udp_clients.py burst "$log" "$uport" 127.0.0.1 510 500 | sed 's/^/serve-check: /' \
  || { cat "$log"; fail "--quiet burst: answers missing"; }
grep -q '^datagram ' "$log" && fail "--quiet printed a line per datagram"
[ "$(wc -l <"$log")" -eq 2 ] || { cat "$log"; fail "--quiet printed more than its first and last lines"; }
end_round "$pid" "$log" "served 500 datagrams, bye"
echo "serve-check: ok (--quiet: 500 of a burst answered, two lines printed)"

# Signals: no --count, so only SIGTERM ends this one.
log=$(mktemp)
timeout 20 "$bin" "127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
python3 - "$port" "$pid" "$log" <<'PY'
import os, signal, sys, time
sys.path.insert(0, ".ci/lib")
from greeting import greeted
port, pid, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]

def wait_for(text):
    deadline = time.time() + 10
    while text not in open(log).read():
        if time.time() > deadline:
            sys.exit(f"serve never printed {text!r}")
        time.sleep(0.05)

wait_for("listening on")
greeted(port)
wait_for("client 1:")
# Blocked in accept4 now: SIGHUP interrupts it, the server reports and goes on.
time.sleep(0.2)
os.kill(pid, signal.SIGHUP)
wait_for("still serving: 1 clients so far")
greeted(port)
wait_for("client 2:")
os.kill(pid, signal.SIGTERM)
PY
end_round "$pid" "$log" "served 2 clients, bye"
echo "serve-check: ok (SIGHUP: EINTR from accept4, reported, kept serving; SIGTERM: exit 0)"
