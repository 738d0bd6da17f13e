#!/usr/bin/env bash
# CI step of the minimal static binaries (examples/tiny): builds the no-libc
# and the musl variant, checks that both are static, stripped and within the
# size budget, serves real clients on 127.0.0.1 with each, checks the exit
# statuses (success, a failed step, a signal), checks panic freedom, and
# prints the size table. The aarch64 no-libc build is checked the same way under
# qemu-aarch64-static by .ci/tiny-aarch64.sh, which this script runs before the
# size table. Loopback only; every wait is bounded.
#
#   bash .ci/tiny.sh
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=${TINY_TARGET_DIR:-$ROOT/target/tiny}
export TINY_TARGET_DIR=$OUT
BUDGET=2048           # bytes, the no-libc build
CLIENTS=4             # per run; the default of the binary is 3, so this checks the setting
GREETING='hello from baresock'
CI_NAME=tiny
. "$ROOT/.ci/lib/common.sh"   # step, fail, need_*
. "$ROOT/.ci/lib/elf.sh"      # check_static
. "$ROOT/.ci/lib/serve.sh"    # port_taken, pick_port, wait_listening, wait_exit

# --- what it needs, installed only when missing -------------------------------
step "prerequisites"
need_target x86_64-unknown-linux-musl
need_component rustfmt clippy
# musl-gcc: the C twin of the size table (benches/size.sh).
need_apt musl-tools file binutils python3 coreutils

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

# --- a free port on 127.0.0.1 --------------------------------------------------
# A port is taken when any socket in /proc/net/tcp{,6} names it (as local or
# remote port: erring on the side of "taken"). The binaries bind a port fixed
# at build time, so a port taken in between shows as exit status 3 (bind), and
# the whole serve step is retried with another port, at most 3 times.
# One client: connect, read to end of stream; 5 s at most.
client() { timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1 && cat <&3" 2>/dev/null; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

build() { # port: builds both variants for 127.0.0.1:port into $OUT/bin/
    mkdir -p "$OUT/bin"
    (cd examples/tiny && BARESOCK_TINY_ADDR=127.0.0.1:$1 BARESOCK_TINY_CLIENTS=$CLIENTS CARGO_TARGET_DIR=$OUT \
        cargo build --quiet --release --target x86_64-unknown-linux-gnu --features nolibc --bin baresock-tiny)
    cp "$OUT/x86_64-unknown-linux-gnu/release/baresock-tiny" "$OUT/bin/ci-nolibc"
    (cd examples/tiny && BARESOCK_TINY_ADDR=127.0.0.1:$1 BARESOCK_TINY_CLIENTS=$CLIENTS CARGO_TARGET_DIR=$OUT \
        cargo build --quiet --release --target x86_64-unknown-linux-musl --bin baresock-tiny)
    cp "$OUT/x86_64-unknown-linux-musl/release/baresock-tiny" "$OUT/bin/ci-musl"
}

serve() { # binary port: CLIENTS clients get the greeting, then exit status 0
    local bin=$1 port=$2 pid got
    "$bin" & pid=$!; pids+=("$pid")
    if ! wait_listening "$pid" "$port"; then
        wait_exit "$pid"
        [[ $status == 3 ]] && return 3 # bind failed: the port was taken meanwhile
        fail "$(basename "$bin") did not listen on 127.0.0.1:$port (exit status $status)"
    fi
    for i in $(seq 1 "$CLIENTS"); do
        got=$(client "$port") || fail "client $i of $(basename "$bin"): no connection or timeout"
        [[ $got == "$GREETING" ]] || fail "client $i of $(basename "$bin") read '$got'"
    done
    wait_exit "$pid"
    [[ $status == 0 ]] || fail "$(basename "$bin") exited with $status after $CLIENTS clients, not 0"
    client "$port" >/dev/null && fail "$(basename "$bin") still accepts after $CLIENTS clients"
    echo "ok: $(basename "$bin") served $CLIENTS clients on 127.0.0.1:$port and exited 0"
}

# --- build, check, serve (retried with a new port if the port was taken) -------
for attempt in 1 2 3; do
    port=$(pick_port) || fail "no free port found"
    step "build both variants for 127.0.0.1:$port, $CLIENTS clients (attempt $attempt)"
    build "$port"
    check_static "$OUT/bin/ci-nolibc"
    check_static "$OUT/bin/ci-musl"
    size=$(stat -c %s "$OUT/bin/ci-nolibc")
    ((size <= BUDGET)) || fail "no-libc build is $size bytes, over the budget of $BUDGET"
    echo "ok: no-libc build $size <= $BUDGET bytes"

    step "serve"
    rc=0; serve "$OUT/bin/ci-nolibc" "$port" || rc=$?
    ((rc == 3)) && continue
    # The server closed each connection first, so they wait in TIME_WAIT on
    # this port: the musl build binds it again right away only because of
    # SO_REUSEADDR.
    tw=$(grep -ci ":$(printf '%04X' "$port") [0-9A-F]*:[0-9A-F]* 06" /proc/net/tcp || true)
    echo "   ($tw connections in TIME_WAIT on port $port)"
    rc=0; serve "$OUT/bin/ci-musl" "$port" || rc=$?
    ((rc == 3)) && continue
    break
done
((rc == 0)) || fail "port taken 3 times in a row"

step "exit statuses: a failed step, a signal"
for bin in ci-nolibc ci-musl; do
    "$OUT/bin/$bin" & first=$!; pids+=("$first")
    wait_listening "$first" "$port" || fail "$bin did not listen"
    # A second server on the same port: bind fails (EADDRINUSE) -> status 3.
    status=0; timeout 5 "$OUT/bin/$bin" || status=$?
    [[ $status == 3 ]] || fail "$bin: a bind to a port in use gave exit status $status, not 3"
    # SIGTERM's default action ends the first one: status 128 + 15.
    kill -TERM "$first"
    wait_exit "$first"
    [[ $status == 143 ]] || fail "$bin: SIGTERM gave exit status $status, not 143"
    echo "ok: $bin: bind on a busy port -> 3; SIGTERM while accepting -> 143"
done

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
#                                                keeps (SendAncillaryBuffer::push, RecvAncillaryBuffer::drain)
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

# --- aarch64: the no-libc build under qemu-user (its own script) -------------------
step "aarch64 no-libc build (.ci/tiny-aarch64.sh)"
bash .ci/tiny-aarch64.sh

# --- the size table ----------------------------------------------------------------
step "sizes (benches/size.sh)"
bash benches/size.sh

echo
echo "tiny: all checks passed in $SECONDS s"
