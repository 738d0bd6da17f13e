#!/usr/bin/env bash
# The hostile-client load test: a server on a free loopback port,
# then at once 1,000 well-behaved clients, 100 that reset right after
# connecting, 100 that connect and send nothing, 50 that send garbage, and a
# second wave of 1,000 after the first (the clients: .ci/lib/load.py). Passes
# when every well-behaved client got the greeting, the server outlived both
# waves and greets one more client, its /proc/PID/fd count is back to its
# baseline, its VmRSS did not grow between the waves, and a SIGTERM then ends
# it within LOAD_TERM_MS (default 2000) ms. Loopback only; bounded: the
# clients run under a global timeout (LOAD_TIMEOUT, 150 s) and stop by
# themselves long before it.
#
#   bash .ci/load.sh                 # the no-libc examples/tiny, built for a free port
#   bash .ci/load.sh --c-twin        # the C twin, benches/size/tiny-epoll.c (musl-gcc)
#   LOAD_SERVER=path/to/server LOAD_PORT=N bash .ci/load.sh
#                                    # any server already built for 127.0.0.1:N
#                                    # (LOAD_SERVER may hold arguments: word-split)
#
# The soft RLIMIT_NOFILE is raised to the hard limit for the clients and the
# server; LOAD_SERVER_NOFILE=N starts the server with a soft limit of N
# instead (e.g. 256: then it runs out of fds under load and must pause
# accepting, not fail). The wave sizes: LOAD_GOOD, LOAD_RESET, LOAD_SILENT,
# LOAD_GARBAGE (see load.py).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CI_NAME=load
. .ci/lib/common.sh
. .ci/lib/serve.sh   # pick_port, wait_listening
. .ci/lib/musl-c.sh  # musl_c, the C twin's build
need_apt python3

ulimit -n "$(ulimit -Hn)"
OUT=${TINY_TARGET_DIR:-$ROOT/target/tiny}
mkdir -p "$OUT/bin"

if [ -n "${LOAD_SERVER:-}" ]; then
    [ -n "${LOAD_PORT:-}" ] || fail "LOAD_SERVER needs LOAD_PORT, the port it was built for"
    port=$LOAD_PORT
    read -ra server <<<"$LOAD_SERVER"
    what="$LOAD_SERVER"
else
    port=$(pick_port) || fail "no free port found"
    if [ "${1:-}" = --c-twin ]; then
        need_apt musl-tools
        step "build the C twin for 127.0.0.1:$port"
        musl_c "$OUT/bin/load-c-twin" benches/size/tiny-epoll.c -DTINY_PORT="$port"
        server=("$OUT/bin/load-c-twin")
        what="C twin (benches/size/tiny-epoll.c)"
    else
        step "build the no-libc examples/tiny for 127.0.0.1:$port"
        (cd examples/tiny && BARESOCK_TINY_ADDR=127.0.0.1:$port CARGO_TARGET_DIR=$OUT \
            cargo build --quiet --release --target x86_64-unknown-linux-gnu --features nolibc --bin baresock-tiny)
        cp "$OUT/x86_64-unknown-linux-gnu/release/baresock-tiny" "$OUT/bin/load-tiny"
        server=("$OUT/bin/load-tiny")
        what="no-libc examples/tiny"
    fi
fi

step "start $what on 127.0.0.1:$port"
if [ -n "${LOAD_SERVER_NOFILE:-}" ]; then
    (ulimit -Sn "$LOAD_SERVER_NOFILE" && exec "${server[@]}") </dev/null >/dev/null &
else
    "${server[@]}" </dev/null >/dev/null &
fi
pid=$!
stop() { kill -KILL "$pid" 2>/dev/null || true; }
trap stop EXIT
wait_listening "$pid" "$port" || fail "the server did not listen on $port (exited?)"

step "clients: two waves (pid $pid)"
t0=$SECONDS
clients=0
timeout --kill-after=5 "${LOAD_TIMEOUT:-150}" nice python3 .ci/lib/load.py "$port" "$pid" || clients=$?
kill -0 "$pid" 2>/dev/null || fail "the server is gone"

step "SIGTERM"
t=$(date +%s%N)
kill -TERM "$pid"
bound=$(( ${LOAD_TERM_MS:-2000} / 10 ))
for _ in $(seq 1 "$bound"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.01; done
ms=$(( ($(date +%s%N) - t) / 1000000 ))
if kill -0 "$pid" 2>/dev/null; then
    fail "the server still runs ${ms} ms after SIGTERM"
fi
status=0
wait "$pid" || status=$?
trap - EXIT
echo "load: SIGTERM ended the server in ${ms} ms, exit status $status"
case $status in 0 | 143) ;; *) fail "exit status $status after SIGTERM (want 0 or 143)" ;; esac
[ "$clients" = 0 ] || fail "the clients' checks failed (status $clients; 124: global timeout)"
echo "load: ok, $what, clients $((SECONDS - t0)) s, whole test $SECONDS s"
