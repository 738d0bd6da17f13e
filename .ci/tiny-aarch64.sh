#!/usr/bin/env bash
# CI step of the aarch64 no-libc build of examples/tiny (issue 6): builds it
# (own aarch64 `_start`, linked by rustc's rust-lld: no cross C toolchain),
# checks that it is static with no interpreter, stripped and within the size
# budget, runs it under qemu-aarch64-static (called explicitly: no binfmt_misc
# needed), connects clients on 127.0.0.1, checks each greeting and the exit
# statuses (0 after the clients, 3 on a busy port), and runs the panic-freedom
# check built for aarch64 (which also exercises the asm memcpy/memcmp/bcmp).
# Loopback only; every wait is bounded.
#
#   bash .ci/tiny-aarch64.sh        # also run by .ci/tiny.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${TINY_TARGET_DIR:-$ROOT/target/tiny}
TARGET=aarch64-unknown-linux-musl
QEMU=qemu-aarch64-static
BUDGET=2048           # bytes, as for the x86_64 no-libc build
CLIENTS=4             # per run; the default of the binary is 3, so this checks the setting
GREETING='hello from baresock'
CI_NAME=tiny-aarch64
. "$ROOT/.ci/lib/common.sh"   # step, fail, need_*
. "$ROOT/.ci/lib/elf.sh"      # check_static
. "$ROOT/.ci/lib/serve.sh"    # port_taken, pick_port, wait_listening, wait_exit

# --- what it needs, installed only when missing -------------------------------
step "prerequisites"
need_target "$TARGET"
need_component rustfmt clippy
need_apt qemu-user-static file binutils python3 coreutils
echo "ok: $TARGET, $($QEMU --version | head -1)"

cd examples/tiny
step "fmt and clippy for $TARGET"
cargo fmt -p baresock-tiny -p baresock-tiny-harness --check
CARGO_TARGET_DIR=$OUT cargo clippy --quiet --release --target "$TARGET" --features nolibc --all-targets -- -D warnings
CARGO_TARGET_DIR=$OUT cargo clippy --quiet --release --target "$TARGET" -p baresock-tiny-harness \
    --features nolibc,canary --all-targets -- -D warnings
echo "ok: clippy"

# --- a free port on 127.0.0.1 (as in .ci/tiny.sh) -------------------------------
# The port is fixed at build time, so one taken in between shows as exit
# status 3 (bind), and the build and serve are retried, at most 3 times.
# One client: connect, read to end of stream, print what was read; 5 s at most.
client() {
    timeout 5 python3 - "$1" <<'EOF'
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=3) as s:
    data = b""
    while len(data) < 4096:
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
# A newline shows as \n: $(...) would drop a trailing one.
sys.stdout.write(data.decode("ascii", "replace").replace("\n", "\\n"))
EOF
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

bin=$OUT/bin/ci-nolibc-aarch64
for attempt in 1 2 3; do
    port=$(pick_port) || fail "no free port found"
    step "build for 127.0.0.1:$port, $CLIENTS clients (attempt $attempt)"
    mkdir -p "$OUT/bin"
    # The exact build command (also in examples/tiny/README.md).
    BARESOCK_TINY_ADDR=127.0.0.1:$port BARESOCK_TINY_CLIENTS=$CLIENTS CARGO_TARGET_DIR=$OUT \
        cargo build --quiet --release --target "$TARGET" --features nolibc --bin baresock-tiny
    cp "$OUT/$TARGET/release/baresock-tiny" "$bin"

    check_static "$bin" AArch64
    size=$(stat -c %s "$bin")
    ((size <= BUDGET)) || fail "aarch64 no-libc build is $size bytes, over the budget of $BUDGET"
    echo "ok: aarch64 no-libc build $size <= $BUDGET bytes"

    step "serve under $QEMU"
    "$QEMU" "$bin" & pid=$!; pids+=("$pid")
    if ! wait_listening "$pid" "$port"; then
        wait_exit "$pid"
        [[ $status == 3 ]] && continue # bind failed: the port was taken meanwhile
        fail "$(basename "$bin") did not listen on 127.0.0.1:$port (exit status $status)"
    fi
    for i in $(seq 1 "$CLIENTS"); do
        got=$(client "$port") || fail "client $i: no connection or timeout"
        [[ $got == "$GREETING\\n" ]] || fail "client $i read '$got'"
    done
    wait_exit "$pid"
    [[ $status == 0 ]] || fail "exited with $status after $CLIENTS clients, not 0"
    client "$port" >/dev/null 2>&1 && fail "still accepts after $CLIENTS clients"
    echo "ok: served $CLIENTS clients on 127.0.0.1:$port under $QEMU and exited 0"
    break
done
((status == 0)) || fail "port taken 3 times in a row"

step "exit status of a failed step"
# A listener of our own on the port: the server's bind fails (EADDRINUSE) -> 3.
# (A signal's status is not checked here: qemu-user relays it, so that would
# test qemu more than the program.)
timeout 10 python3 - "$QEMU" "$bin" "$port" <<'EOF' || fail "a bind to a port in use did not give exit status 3"
import socket, subprocess, sys
qemu, binary, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
with socket.socket() as s:
    # The clients above left the port in TIME_WAIT; a listener blocks a
    # second bind on Linux even when both sockets set SO_REUSEADDR.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(1)
    rc = subprocess.run([qemu, binary], timeout=8).returncode
print(f"   (exit status {rc} with the port in use)")
sys.exit(0 if rc == 3 else 1)
EOF
echo "ok: bind on a busy port -> 3"

# --- panic freedom, built for aarch64 (the harness, examples/tiny/harness) ------
step "panic freedom on aarch64: address code linked with an undefined panic handler"
harness() { # features...: a release build of the harness for aarch64, no libc
    CARGO_TARGET_DIR=$OUT cargo build --quiet --release --target "$TARGET" \
        -p baresock-tiny-harness --features "nolibc${1:+,$1}" --bin nopanic
}
harness
status=0; timeout 20 "$QEMU" "$OUT/$TARGET/release/nopanic" || status=$?
[[ $status == 0 ]] || fail "nopanic: check $status failed"
echo "ok: nopanic links (no reachable panic) and its checks pass under $QEMU"
log=$OUT/canary-aarch64.log
if harness canary >"$log" 2>&1; then
    fail "the canary's panic linked: the panic-freedom check cannot fail"
fi
grep -q 'undefined symbol: baresock_tiny_reachable_panic' "$log" \
    || { cat "$log"; fail "the canary failed to build for another reason"; }
echo "ok: the canary fails to link with 'undefined symbol: baresock_tiny_reachable_panic'"

echo
echo "tiny-aarch64: all checks passed in $SECONDS s"
