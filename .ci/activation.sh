#!/usr/bin/env bash
# Socket activation against the real activator: Debian's
# systemd-socket-activate (package `systemd`, installed if missing; it needs
# no running systemd) starts examples/activation and examples/serve with
# listening sockets on 127.0.0.1, free ports only. Each case prints what the
# probe printed and checks its lines; every wait is bounded (the activator
# runs under `timeout`, each client gives up after 10 s).
#
# Cases: a stream listener; a datagram socket (--datagram); two named
# listeners (--fdname=web:admin); a LISTEN_PID mismatch (a child of the
# activated process takes nothing); then, without an activator or with a
# descriptor added by sh, a descriptor that is not a socket, one that is not
# open, and a socket plus a non-socket (all or nothing: the socket must be
# left exactly as it was); and examples/serve serving on the inherited
# listener.
set -euo pipefail
cd "$(dirname "$0")/.."
CI_NAME=activation
. .ci/lib/common.sh
need_apt systemd python3   # systemd-socket-activate; the clients and free ports

cargo build --quiet --features std --example activation --example serve
probe=target/debug/examples/activation
serve=target/debug/examples/serve

# A port on 127.0.0.1 that the kernel just handed out and took back.
free_port() { # $1 = tcp | udp
    python3 -c 'import socket, sys
t = socket.SOCK_STREAM if sys.argv[1] == "tcp" else socket.SOCK_DGRAM
s = socket.socket(socket.AF_INET, t); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' "$1"
}

# Talks to the activated program: `tcp PORT...` connects to each port in
# turn (retrying until the activator listens) and prints the first line it
# reads; `udp PORT` sends "ping" until a reply comes; `touch PORT` connects
# and closes. 10 s at most in all.
client() {
    python3 - "$@" <<'PY'
import socket, sys, time
sys.path.insert(0, ".ci/lib")
from greeting import connect, read_line
mode, ports = sys.argv[1], [int(p) for p in sys.argv[2:]]
deadline = time.time() + 10
for port in ports:
    if mode == "udp":
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.settimeout(0.5)
        while True:
            s.sendto(b"ping", ("127.0.0.1", port))
            try:
                print("client got:", s.recvfrom(512)[0].decode()); break
            except (socket.timeout, ConnectionRefusedError):
                if time.time() > deadline:
                    sys.exit(f"client: no reply from {port}")
    else:
        c = connect(port, deadline)
        if mode == "tcp":
            print("client got:", read_line(c).decode().rstrip())
        else:
            c.close()
PY
}

# Runs one case: `case NAME STATUS CLIENT_ARGS -- COMMAND...`, where the
# command is started in the background, the client talks to it, and the
# command must exit with STATUS. Leaves the combined output in $out.
out=$(mktemp) client_out=$(mktemp)
trap 'rm -f "$out" "$client_out"' EXIT
run_case() {
    local name=$1 want=$2; shift 2
    local client_args=()
    while [ "$1" != -- ]; do client_args+=("$1"); shift; done
    shift
    echo "--- $name: $*"
    timeout 20 "$@" >"$out" 2>&1 &
    local pid=$! status=0
    : >"$client_out"
    if [ "${#client_args[@]}" -gt 0 ]; then client "${client_args[@]}" >"$client_out" 2>&1 || true; fi
    wait "$pid" || status=$?
    # Appended only now: the command writes at its own file offset.
    cat "$client_out" >>"$out"
    sed 's/^/    /' "$out"
    [ "$status" -eq "$want" ] || fail "$name: exit status $status, expected $want"
}

# Each argument must be a whole line of $out.
expect() {
    local line
    for line in "$@"; do
        grep -qxF -- "$line" "$out" || fail "missing line: $line"
    done
}

p=$(free_port tcp)
run_case "stream listener" 0 tcp "$p" -- \
    systemd-socket-activate -l "127.0.0.1:$p" "$probe" --check 2
expect "activation: took 1 socket(s)" \
    "fd 3 \"unknown\": stream, Domain::INET, listening yes, on 127.0.0.1:$p" \
    "fd 3: open, close-on-exec on" "environment: LISTEN_* unset: yes" \
    "client got: hello from fd 3 (unknown)"
grep -q '^fd 4: not open' "$out" || fail "fd 4 should not exist"

p=$(free_port udp)
run_case "datagram socket" 0 udp "$p" -- \
    systemd-socket-activate --datagram -l "127.0.0.1:$p" "$probe" --check 1
expect "activation: took 1 socket(s)" \
    "fd 3 \"unknown\": datagram, Domain::INET, listening no, on 127.0.0.1:$p" \
    "fd 3: open, close-on-exec on" "client got: echo from fd 3 (unknown): ping"

p=$(free_port tcp) q=$(free_port tcp)
run_case "two named listeners" 0 tcp "$p" "$q" -- \
    systemd-socket-activate -l "127.0.0.1:$p" -l "127.0.0.1:$q" --fdname=web:admin "$probe" --check 2
expect "activation: took 2 socket(s)" \
    "fd 3 \"web\": stream, Domain::INET, listening yes, on 127.0.0.1:$p" \
    "fd 4 \"admin\": stream, Domain::INET, listening yes, on 127.0.0.1:$q" \
    "fd 3: open, close-on-exec on" "fd 4: open, close-on-exec on" \
    "client got: hello from fd 3 (web)" "client got: hello from fd 4 (admin)"

# sh forks the probe (the command is not its last), so the probe inherits
# the environment and fd 3 under another pid: nothing may be taken or changed.
p=$(free_port tcp)
run_case "LISTEN_PID mismatch" 0 touch "$p" -- \
    systemd-socket-activate -l "127.0.0.1:$p" sh -c '"$0" --check 1; exit $?' "$probe"
grep -qE '^activation: took nothing \(LISTEN_PID=[0-9]+, this process is [0-9]+\)$' "$out" \
    || fail "the probe took something"
expect "fd 3: open, close-on-exec off"

# Without an activator: sh sets LISTEN_PID to its own pid and execs the probe.
run_case "not a socket" 1 -- \
    sh -c 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" --check 1 3</dev/null' "$probe"
expect "activation: error: inherited fd 3 is not a socket" "fd 3: open, close-on-exec off"

run_case "not open" 1 -- \
    sh -c 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" --check 1 3<&-' "$probe"
expect "activation: error: inherited fd 3: bad file descriptor (EBADF)"

# The activator's socket at fd 3, /dev/null at fd 4: the error names fd 4,
# and fd 3 is neither closed nor marked close-on-exec.
p=$(free_port tcp)
run_case "a socket and a non-socket" 1 touch "$p" -- \
    systemd-socket-activate -l "127.0.0.1:$p" \
    sh -c 'LISTEN_PID=$$ LISTEN_FDS=2 exec "$0" --check 2 4</dev/null' "$probe"
expect "activation: error: inherited fd 4 is not a socket" \
    "fd 3: open, close-on-exec off" "fd 4: open, close-on-exec off"

# The main job: `systemd-socket-activate -l 127.0.0.1:PORT examples/serve`.
p=$(free_port tcp)
run_case "examples/serve, activated" 0 tcp "$p" "$p" -- \
    systemd-socket-activate -l "127.0.0.1:$p" "$serve" --count 2
head_line=$(grep -v -e '^Listening on' -e '^Communication attempt' -e '^Execing' "$out" | head -1)
[ "$head_line" = "listening on 127.0.0.1:$p (fd 3), inherited from the activator (LISTEN_FDS, name \"unknown\")" ] \
    || fail "serve's first line: $head_line"
[ "$(grep -c '^client got: hello from baresock, 127\.0\.0\.1:' "$out")" -eq 2 ] \
    || fail "serve did not greet both clients"
expect "served 2 clients, bye"

echo "activation: ok (stream, datagram, two named, LISTEN_PID mismatch, not a socket, not open, all or nothing, serve)"
