#!/usr/bin/env bash
# CI step of the minimal static server (examples/tiny): builds the
# no-libc and the musl variant for x86_64, checks that they are static,
# stripped and (no libc, as built to serve forever) within the size budget,
# serves real clients on 127.0.0.1 with each (a silent client closed at its
# deadline while others are served at once, a resetting and a garbage
# client), checks the exit statuses (0 after a set number of clients, a
# failed bind, a failed activation, SIGTERM) and socket activation under
# systemd-socket-activate, checks panic freedom, runs .ci/tiny-cross.sh (the
# four other architectures under qemu-user) and prints the size table.
# Loopback only; every wait is bounded.
#
#   bash .ci/tiny.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${TINY_TARGET_DIR:-$ROOT/target/tiny}
export TINY_TARGET_DIR=$OUT
BUDGET=4096           # bytes, the no-libc build as it serves forever
CLIENTS=6             # the test builds exit after these: 2 (concurrent) + 3 (hostile) + 1
DEADLINE=2            # seconds, the test builds' connection deadline
CI_NAME=tiny
. "$ROOT/.ci/lib/common.sh"   # step, fail, need_*
. "$ROOT/.ci/lib/elf.sh"      # check_static
. "$ROOT/.ci/lib/serve.sh"    # port_taken, pick_port, wait_listening, wait_exit
clients() { timeout 20 python3 "$ROOT/.ci/lib/tiny_clients.py" "$@"; } # port pid mode [arg]

# --- what it needs, installed only when missing -------------------------------
step "prerequisites"
need_target x86_64-unknown-linux-musl
need_component rustfmt clippy
# musl-gcc: the C twin of the size table (benches/size.sh); systemd:
# systemd-socket-activate (it needs no running systemd).
need_apt musl-tools file binutils python3 coreutils systemd

step "fmt and clippy of the tiny packages (their own workspaces: cargo fmt --all at the root skips them)"
(cd examples/tiny && cargo fmt -p baresock-tiny -p baresock-tiny-harness --check)
(cd benches/size/tiny-std && cargo fmt --check)
for args in "--target x86_64-unknown-linux-gnu --features nolibc" \
            "--target x86_64-unknown-linux-musl"; do
    # shellcheck disable=SC2086 # $args is two words on purpose
    (cd examples/tiny && CARGO_TARGET_DIR=$OUT cargo clippy --quiet --release $args --all-targets -- -D warnings)
done
# The harness, with each of its two panic handlers (panic-audit is x86_64 only).
for features in nolibc nolibc,panic-audit,canary; do
    (cd examples/tiny && CARGO_TARGET_DIR=$OUT cargo clippy --quiet --release --target x86_64-unknown-linux-gnu \
        -p baresock-tiny-harness --features "$features" --all-targets -- -D warnings)
done

pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# build NAME TARGET FEATURES [VAR=VALUE...]: a release build of the example
# with the given build-time settings, copied to $OUT/bin/NAME.
build() {
    local name=$1 target=$2 features=$3; shift 3
    mkdir -p "$OUT/bin"
    (cd examples/tiny && env "$@" CARGO_TARGET_DIR="$OUT" \
        cargo build --quiet --release --target "$target" ${features:+--features "$features"} --bin baresock-tiny)
    cp "$OUT/$target/release/baresock-tiny" "$OUT/bin/$name"
}

# serve_test BINARY PORT: the test build (CLIENTS, DEADLINE) serves a silent
# client and others at once, a resetting and a garbage client, then exits 0.
serve_test() {
    local bin=$1 port=$2 pid
    "$bin" & pid=$!; pids+=("$pid")
    if ! wait_listening "$pid" "$port"; then
        wait_exit "$pid"
        [[ $status == 3 ]] && return 3 # bind failed: the port was taken meanwhile
        fail "$(basename "$bin") did not listen on 127.0.0.1:$port (exit status $status)"
    fi
    clients "$port" "$pid" concurrent "$DEADLINE" || fail "$(basename "$bin"): concurrency"
    clients "$port" "$pid" hostile || fail "$(basename "$bin"): hostile clients"
    clients "$port" "$pid" greet 1 || fail "$(basename "$bin"): the last client"
    wait_exit "$pid"
    [[ $status == 0 ]] || fail "$(basename "$bin") exited with $status after $CLIENTS clients, not 0"
    timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null \
        && fail "$(basename "$bin") still accepts after $CLIENTS clients"
    echo "ok: $(basename "$bin") served $CLIENTS clients on 127.0.0.1:$port and exited 0"
}

# --- build, check, serve (retried with a new port if the port was taken) -------
# The port is fixed at build time, so one taken in between shows as exit
# status 3 (bind), and the builds and the serve step are retried, at most 3 times.
for attempt in 1 2 3; do
    port=$(pick_port) || fail "no free port found"
    step "build for 127.0.0.1:$port: no libc as it serves forever; no libc and musl for $CLIENTS clients, ${DEADLINE} s deadline (attempt $attempt)"
    build ci-nolibc x86_64-unknown-linux-gnu nolibc BARESOCK_TINY_ADDR="127.0.0.1:$port"
    test_vars=(BARESOCK_TINY_ADDR="127.0.0.1:$port" BARESOCK_TINY_CLIENTS=$CLIENTS BARESOCK_TINY_DEADLINE=$DEADLINE)
    build ci-nolibc-test x86_64-unknown-linux-gnu nolibc "${test_vars[@]}"
    build ci-musl-test x86_64-unknown-linux-musl "" "${test_vars[@]}"
    for bin in ci-nolibc ci-nolibc-test ci-musl-test; do check_static "$OUT/bin/$bin"; done
    size=$(stat -c %s "$OUT/bin/ci-nolibc")
    ((size <= BUDGET)) || fail "no-libc build is $size bytes, over the budget of $BUDGET"
    echo "ok: no-libc build $size <= $BUDGET bytes"

    step "serve: concurrency, deadline, hostile clients, exit 0 after $CLIENTS clients"
    rc=0; serve_test "$OUT/bin/ci-nolibc-test" "$port" || rc=$?
    ((rc == 3)) && continue
    # The server closed each connection first, so they wait in TIME_WAIT on
    # this port: the musl build binds it again right away only because of
    # SO_REUSEADDR.
    tw=$(grep -ci ":$(printf '%04X' "$port") [0-9A-F]*:[0-9A-F]* 06" /proc/net/tcp || true)
    echo "   ($tw connections in TIME_WAIT on port $port)"
    rc=0; serve_test "$OUT/bin/ci-musl-test" "$port" || rc=$?
    ((rc == 3)) && continue
    break
done
((rc == 0)) || fail "port taken 3 times in a row"

step "serve forever; exit statuses: a failed bind, activation not for it, a failed activation, SIGTERM; EMFILE"
bin=$OUT/bin/ci-nolibc
"$bin" & first=$!; pids+=("$first")
wait_listening "$first" "$port" || fail "ci-nolibc did not listen"
clients "$port" "$first" greet 20 || fail "ci-nolibc: 20 clients"
# A second server on the same port: bind fails (EADDRINUSE) -> status 3.
status=0; timeout 5 "$bin" || status=$?
[[ $status == 3 ]] || fail "a bind to a port in use gave exit status $status, not 3"
# Variables for another process (this script's pid): not for it, so it
# binds its own, and fails as above.
status=0; LISTEN_PID=$$ LISTEN_FDS=1 timeout 5 "$bin" 3</dev/null || status=$?
[[ $status == 3 ]] || fail "LISTEN_PID of another process: exit status $status, not 3 (bind)"
# Variables for it (sh execs it, keeping its pid) that do not name one
# listening socket: step 7.
for case in "LISTEN_FDS=1 with fd 3 not a socket:LISTEN_FDS=1" "LISTEN_FDS=2:LISTEN_FDS=2" \
            "LISTEN_FDS=x:LISTEN_FDS=x"; do
    status=0; timeout 5 sh -c 'LISTEN_PID=$$ exec env "$1" "$0" 3</dev/null' "$bin" "${case#*:}" || status=$?
    [[ $status == 7 ]] || fail "activation with ${case%%:*}: exit status $status, not 7"
done
# Not stopped by any of that: still serving.
clients "$port" "$first" greet 1 || fail "ci-nolibc stopped serving"
# SIGTERM's default action ends it at once: status 128 + 15.
kill -TERM "$first"
t0=$(date +%s%N)
wait_exit "$first"
[[ $status == 143 ]] || fail "ci-nolibc: SIGTERM gave exit status $status, not 143"
echo "ok: ci-nolibc served 21 clients; bind on a busy port -> 3; LISTEN_PID of another process -> binds (3);"
echo "    fd 3 not a socket, LISTEN_FDS=2, LISTEN_FDS=x -> 7; SIGTERM while serving -> 143 ($(( ($(date +%s%N) - t0) / 1000000 )) ms)"
"$OUT/bin/ci-musl-test" & first=$!; pids+=("$first")
wait_listening "$first" "$port" || fail "ci-musl-test did not listen"
kill -TERM "$first"
wait_exit "$first"
[[ $status == 143 ]] || fail "ci-musl-test: SIGTERM gave exit status $status, not 143"
echo "ok: ci-musl-test: SIGTERM while serving -> 143"
# Out of descriptors (RLIMIT_NOFILE 7): accepting pauses, no spin, until a
# slot frees at the silent client's deadline.
clients "$port" 0 emfile "$DEADLINE" "$OUT/bin/ci-nolibc-test" || fail "ci-nolibc-test: EMFILE"

step "socket activation under systemd-socket-activate"
for bin in ci-nolibc-test ci-musl-test; do
    p=$(pick_port) || fail "no free port found"
    log=$OUT/activate.log
    timeout 20 systemd-socket-activate -l "127.0.0.1:$p" "$OUT/bin/$bin" >"$log" 2>&1 & pid=$!; pids+=("$pid")
    wait_listening "$pid" "$p" || { cat "$log"; fail "systemd-socket-activate did not listen on $p"; }
    clients "$p" "$pid" greet "$CLIENTS" || { cat "$log"; fail "$bin under systemd-socket-activate"; }
    wait_exit "$pid"
    [[ $status == 0 ]] || { cat "$log"; fail "$bin under systemd-socket-activate: exit status $status, not 0"; }
    echo "ok: $bin served $CLIENTS clients on the activator's 127.0.0.1:$p (not its own port $port) and exited 0"
done
# A datagram socket cannot listen: step 7, once the first datagram starts it.
p=$(pick_port) || fail "no free port found"
timeout 20 systemd-socket-activate --datagram -l "127.0.0.1:$p" "$OUT/bin/ci-nolibc-test" >"$log" 2>&1 & pid=$!; pids+=("$pid")
timeout 10 python3 -c 'import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for _ in range(50):
    s.sendto(b"ping", ("127.0.0.1", int(sys.argv[1]))); time.sleep(0.1)' "$p" 2>/dev/null &
wait_exit "$pid"
[[ $status == 7 ]] || { cat "$log"; fail "ci-nolibc-test on an activated datagram socket: exit status $status, not 7"; }
echo "ok: ci-nolibc-test on an activated datagram socket -> 7"

# --- panic freedom (the harness, examples/tiny/harness) ----------------------------
cd examples/tiny
harness() { # features...: a release build of the harness for x86_64, no libc
    CARGO_TARGET_DIR=$OUT cargo build --quiet --release --target x86_64-unknown-linux-gnu \
        -p baresock-tiny-harness --features "nolibc${1:+,$1}" --bin nopanic
}
nopanic=$OUT/x86_64-unknown-linux-gnu/release/nopanic
step "panic freedom: address code linked with an undefined panic handler"
harness
status=0; timeout 5 "$nopanic" || status=$?
[[ $status == 0 ]] || fail "nopanic: check $status failed"
echo "ok: nopanic links (no reachable panic) and its checks pass"

step "panic freedom: the check can fail (a deliberate panic must not link)"
log=$OUT/canary.log
if harness canary >"$log" 2>&1; then
    fail "the canary's panic linked: the panic-freedom check cannot fail"
fi
grep -q 'undefined reference to `baresock_tiny_reachable_panic' "$log" \
    || { cat "$log"; fail "the canary failed to build for another reason"; }
echo "ok: the canary fails to link with 'undefined reference to baresock_tiny_reachable_panic'"

step "panic audit: the socket flow with address decoding and Display, and the serving calls"
harness panic-audit
status=0; timeout 10 "$nopanic" || status=$?
[[ $status == 0 ]] || fail "panic-audit: check $status failed"
sites=$(python3 harness/panic-sites.py "$nopanic")
echo "panic sites left (file:line:column):"
echo "${sites:-  (none)}" | sed 's/^/  /'
# Known, none reachable with what the kernel returns or core::net writes:
#   rustix maybe_polyfill/no_std/os/fd/owned.rs  assert fd != -1 (BorrowedFd::borrow_raw, OwnedFd::from_raw_fd)
#   rustix net/socket_addr_any.rs                assert the address length fits (SocketAddrAny::new)
#   rustix backend/linux_raw/net/sockopt.rs      getsockopt: assert the kernel's answer is the
#                                                option's size (SO_DOMAIN, SO_TYPE, SO_PASSCRED:
#                                                an int; SO_PEERCRED: a struct ucred; the
#                                                one qemu-user gets wrong, SO_RCVTIMEO_NEW,
#                                                baresock reads itself, adding no site)
#   rustix net/send_recv/msg.rs                  slicing a control buffer within the lengths rustix
#                                                keeps (SendAncillaryBuffer::push, RecvAncillaryBuffer::drain),
#                                                a received control message a whole number of fds long
#                                                (AncillaryIter::new)
#   core net/{display_buffer,ip_addr,socket_addr}.rs  Display: unwrap of a write into a
#                                                buffer sized for the longest address
allowed='/rustix-[0-9.]+/src/(maybe_polyfill/no_std/os/fd/owned|net/socket_addr_any|backend/linux_raw/net/sockopt|net/send_recv/msg)\.rs:'
allowed+='|/library/core/src/net/(display_buffer|ip_addr|socket_addr)\.rs:'
others=$(grep -Ev "$allowed" <<<"$sites" || true)
[[ -z $others ]] || fail "panic sites outside the known rustix ones:
$others"
echo "ok: no panic site in baresock's code; only the named ones of rustix and core::net"
# The audit can fail: with the canary's panic built in, its site must show.
harness panic-audit,canary
python3 harness/panic-sites.py "$nopanic" | grep -Eq '(^|/)harness/src/main\.rs:' \
    || fail "the audit does not see the canary's panic site"
echo "ok: the audit sees a deliberate panic site (the canary's)"
cd "$ROOT"

# --- aarch64, i686, riscv64, armv7: the no-libc build under qemu-user ----------------
step "the no-libc build on four more architectures (.ci/tiny-cross.sh)"
bash .ci/tiny-cross.sh

# --- the size table ----------------------------------------------------------------
step "sizes (benches/size.sh)"
bash benches/size.sh

echo
echo "tiny: all checks passed in $SECONDS s"
