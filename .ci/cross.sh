#!/usr/bin/env bash
# Run baresock's whole test suite (unit, integration and doc tests) on six
# architectures: x86_64 natively, and aarch64, i686 (socketcall), riscv64,
# armv7 and s390x (big-endian) under qemu-user. A raw-syscall layer is only as
# good as its per-architecture ABI, a crate about network byte order must run
# where host order is network order, and the compile-time layout proofs in
# src/addr/layout.rs are checked by building for each target.
#
# Usage: bash .ci/cross.sh [TARGET...]
#   no argument: all six targets. "host" is the native x86_64 run;
#   "i686-native" runs the i686 binaries on this x86_64 kernel, without qemu.
#   CROSS_SKIP_INSTALL=1  do not touch apt or rustup (everything is present).
#   CROSS_CARGO_ARGS      arguments for every cargo test (default --all-features,
#                         the same build as .ci/run's `cargo test --all-features`).
#
# Installs what it needs (idempotent: skips what is present). No binfmt_misc
# is used: this sandbox has none mounted, so every emulated test binary is
# started through CARGO_TARGET_<TRIPLE>_RUNNER, set below per target only, so
# native builds are not disturbed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CI_NAME=cross
. .ci/lib/common.sh

ALL_TARGETS=(host aarch64-unknown-linux-musl i686-unknown-linux-musl i686-native
    riscv64gc-unknown-linux-gnu armv7-unknown-linux-gnueabihf s390x-unknown-linux-gnu)
if [ "$#" -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi

t_start=$(date +%s)

# ---------------------------------------------------------------- install
[ "${CROSS_SKIP_INSTALL:-0}" != 1 ] || export CI_SKIP_INSTALL=1
need_apt qemu-user-static strace \
    gcc-riscv64-linux-gnu libc6-dev-riscv64-cross \
    gcc-arm-linux-gnueabihf libc6-dev-armhf-cross \
    gcc-s390x-linux-gnu libc6-dev-s390x-cross
need_target aarch64-unknown-linux-musl i686-unknown-linux-musl \
    riscv64gc-unknown-linux-gnu armv7-unknown-linux-gnueabihf s390x-unknown-linux-gnu
t_installed=$(date +%s)

# ---------------------------------------------------------------- targets
# Linker, runner and flags per target, through cargo's per-target variables:
# they apply only when building for that --target, never to the host or to
# build scripts. The musl targets link with the rust-lld shipped in the
# toolchain against musl's self-contained CRT; the gnu targets (riscv64 and
# armv7: their musl std is not served here; s390x has no musl target) link
# statically with Debian's cross gcc so that qemu needs no guest sysroot.
# Each may be preset in the environment to override it.
: "${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER:=rust-lld}"
: "${CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_RUNNER:=qemu-aarch64-static}"
: "${CARGO_TARGET_I686_UNKNOWN_LINUX_MUSL_LINKER:=rust-lld}"
: "${CARGO_TARGET_I686_UNKNOWN_LINUX_MUSL_RUNNER:=qemu-i386-static}"
: "${CARGO_TARGET_RISCV64GC_UNKNOWN_LINUX_GNU_LINKER:=riscv64-linux-gnu-gcc}"
: "${CARGO_TARGET_RISCV64GC_UNKNOWN_LINUX_GNU_RUNNER:=qemu-riscv64-static}"
: "${CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_LINKER:=arm-linux-gnueabihf-gcc}"
: "${CARGO_TARGET_ARMV7_UNKNOWN_LINUX_GNUEABIHF_RUNNER:=qemu-arm-static}"
: "${CARGO_TARGET_S390X_UNKNOWN_LINUX_GNU_LINKER:=s390x-linux-gnu-gcc}"
: "${CARGO_TARGET_S390X_UNKNOWN_LINUX_GNU_RUNNER:=qemu-s390x-static}"
export "${!CARGO_TARGET_@}"
# A global RUSTFLAGS would override the per-target ones, so fold it in.
for v in RISCV64GC_UNKNOWN_LINUX_GNU ARMV7_UNKNOWN_LINUX_GNUEABIHF S390X_UNKNOWN_LINUX_GNU; do
    export "CARGO_TARGET_${v}_RUSTFLAGS=${RUSTFLAGS:-} -C target-feature=+crt-static"
done
for v in AARCH64_UNKNOWN_LINUX_MUSL I686_UNKNOWN_LINUX_MUSL; do
    [ -z "${RUSTFLAGS:-}" ] || export "CARGO_TARGET_${v}_RUSTFLAGS=${RUSTFLAGS}"
done
# Tests and doctests run one binary at a time under qemu; keep cargo's
# default of 2 jobs and test threads (the machine has 2 cores).

# ---------------------------------------------------------------- run
LOGDIR=${CROSS_LOGDIR:-target/cross-logs}
mkdir -p "$LOGDIR"
# shellcheck disable=SC2206
EXTRA=(${CROSS_CARGO_ARGS---all-features})
summary=()
failed=0
tot_pass=0 tot_fail=0 tot_ign=0

# Sum cargo's "test result:" lines of one log: passed failed ignored.
count() {
    awk '/^test result:/ {
            for (i = 1; i <= NF; i++) {
                if ($(i+1) ~ /^passed/) p += $i;
                if ($(i+1) ~ /^failed/) f += $i;
                if ($(i+1) ~ /^ignored/) g += $i;
            }
        } END { printf "%d %d %d\n", p, f, g }' "$1"
}

# On i686, rustix must issue every socket call through socketcall(2). Under
# qemu: run the flow tests (tests/integration/flow.rs: every call of a
# server's flow) with qemu's syscall trace and count
# the calls that enter as socketcall (qemu prints their sub-calls in
# capitals) against direct socket syscalls (lower case). Natively: strace
# with syscall numbers, socketcall being 102 on i386. Prints "N M", or
# nothing if it could not look.
SOCK_CALLS='SOCKET|BIND|CONNECT|LISTEN|ACCEPT|ACCEPT4|GETSOCKNAME|GETPEERNAME|SETSOCKOPT|GETSOCKOPT|SHUTDOWN|SEND|RECV|SENDTO|RECVFROM|SENDMSG|RECVMSG'
SOCK_CALLS_DIRECT='SOCKET|BIND|CONNECT|LISTEN|ACCEPT|ACCEPT4|GETSOCKNAME|GETPEERNAME|SETSOCKOPT|GETSOCKOPT|SEND|RECV|SENDTO|RECVFROM|SENDMSG|RECVMSG'
socketcall_check() {
    local exe
    exe=$(test_exes | grep /integration- | head -n1 || true)
    [ -n "$exe" ] || return 0
    if [ "$1" = qemu ]; then
        # qemu 7.2 prints socketcall's SHUTDOWN sub-call in lower case
        # ("shutdown(4,SHUT_WR)"), like a direct call: it counts as neither
        # here. The native run's strace, which sees the real syscall numbers,
        # covers shutdown.
        QEMU_STRACE=1 "$CARGO_TARGET_I686_UNKNOWN_LINUX_MUSL_RUNNER" "$exe" flow:: --test-threads=1 2>&1 >/dev/null \
            | awk -v up="^($SOCK_CALLS|socketcall)\\(" -v low="^(${SOCK_CALLS_DIRECT,,})\\(" \
                '$2 ~ up { sc++ } $2 ~ low { direct++ } END { printf "%d %d\n", sc, direct }'
    else
        command -v strace >/dev/null && strace -o /dev/null true 2>/dev/null || return 0
        strace -f -n -e trace=%network -o /dev/stdout "$exe" flow:: --test-threads=1 2>/dev/null \
            | sed 's/^[0-9]* *//' \
            | awk '/^\[ *102\] / { sc++; next } /^\[ *[0-9]+\] [a-z]/ { direct++ } END { printf "%d %d\n", sc, direct }'
    fi
}

# The integration-test executables of the current target (built already:
# this only asks cargo for their paths).
test_exes() {
    "${envs[@]}" cargo test "${targ[@]}" "${EXTRA[@]}" --tests --no-run --message-format=json 2>/dev/null \
        | grep '"kind":\["test"\]' | grep -o '"executable":"[^"]*"' | cut -d'"' -f4 | sort
}

for t in "${TARGETS[@]}"; do
    envs=()
    case "$t" in
    host)
        # Plain `cargo test` so the native build is shared with the rest of CI.
        targ=()
        name=$(rustc -vV | sed -n 's/^host: //p')
        envs=(env -u BARESOCK_TEST_RUNNER)
        ;;
    i686-native)
        # The same i686 binaries run directly on the x86_64 kernel (its IA32
        # compat layer): there the kernel itself decodes socketcall, while
        # under qemu-i386 qemu decodes it and issues the host's own calls.
        targ=(--target i686-unknown-linux-musl)
        name="i686-unknown-linux-musl (native)"
        envs=(env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS -u BARESOCK_TEST_RUNNER
            CARGO_TARGET_I686_UNKNOWN_LINUX_MUSL_RUNNER=env)
        ;;
    *)
        targ=(--target "$t")
        name=$t
        var=$(tr 'a-z-' 'A-Z_' <<<"$t")
        runner_var="CARGO_TARGET_${var}_RUNNER"
        # Tests that re-execute their own binary (a child process for limits
        # that would disturb the harness) must go through the emulator: there
        # is no binfmt_misc, and exec of a foreign ELF fails (or, for i686 on
        # an x86_64 kernel, runs natively). RUSTFLAGS would override the
        # per-target flags: it is folded into them above.
        envs=(env -u RUSTFLAGS -u CARGO_ENCODED_RUSTFLAGS "BARESOCK_TEST_RUNNER=${!runner_var}")
        # Cargo hands rustdoc no per-target rustflags, so the doctests of the
        # gnu targets would link dynamically against a glibc qemu cannot find.
        case "$t" in
        *-gnu | *-gnueabihf)
            envs+=("RUSTDOCFLAGS=${RUSTDOCFLAGS:-} -C target-feature=+crt-static") ;;
        esac
        ;;
    esac
    log "$name: cargo test"
    tt0=$(date +%s)
    if [ "$t" = i686-native ]; then
        "${envs[@]}" cargo test "${targ[@]}" "${EXTRA[@]}" --lib --no-run -q 2>/dev/null || true
        lib=$(ls -t target/i686-unknown-linux-musl/debug/deps/baresock-* 2>/dev/null | grep -v '\.d$' | head -n1 || true)
        if [ -z "$lib" ] || ! "$lib" --list >/dev/null 2>&1; then
            # Not one of the six required targets: an extra, where the kernel allows it.
            log "$name: this kernel cannot run i686 binaries (no IA32 emulation): not run"
            summary+=("$(printf '%-34s %s' "$name" "not run: the kernel has no IA32 emulation")")
            continue
        fi
    fi
    rc=0
    # Unit and integration tests (no examples or benches: they are not run).
    "${envs[@]}" cargo test "${targ[@]}" "${EXTRA[@]}" --no-fail-fast --lib --tests 2>&1 \
        | tee "$LOGDIR/$t.tests.log" || rc=1
    # Doc tests: cross doctests are stable since cargo 1.89 and use the same
    # runner, so they run on every target, not only natively.
    "${envs[@]}" cargo test "${targ[@]}" "${EXTRA[@]}" --no-fail-fast --doc 2>&1 \
        | tee "$LOGDIR/$t.doc.log" || rc=1
    extra_note=""
    if [ "$t" = i686-unknown-linux-musl ] || [ "$t" = i686-native ]; then
        how=$([ "$t" = i686-native ] && echo native || echo qemu)
        sc="" direct=""
        read -r sc direct < <(socketcall_check "$how") || true
        if [ -z "$sc" ]; then
            extra_note="; socketcall not checked (no strace/ptrace here)"
        else
            extra_note="; socketcall: ${sc} via socketcall, ${direct} direct"
            if [ "$sc" = 0 ] || [ "$direct" != 0 ]; then
                log "$name: expected every socket call through socketcall, saw $sc socketcall / $direct direct"
                rc=1
            fi
        fi
    fi
    tt1=$(date +%s)
    read -r up uf ui < <(count "$LOGDIR/$t.tests.log")
    read -r dp df di < <(count "$LOGDIR/$t.doc.log")
    p=$((up + dp)) f=$((uf + df)) g=$((ui + di))
    tot_pass=$((tot_pass + p)) tot_fail=$((tot_fail + f)) tot_ign=$((tot_ign + g))
    status=ok
    if [ "$rc" != 0 ] || [ "$f" != 0 ] || [ "$p" = 0 ]; then status=FAILED failed=1; fi
    summary+=("$(printf '%-34s %-6s unit+integration %3d passed %d failed %d ignored; doc %3d passed %d failed %d ignored; %3ds%s' \
        "$name" "$status" "$up" "$uf" "$ui" "$dp" "$df" "$di" $((tt1 - tt0)) "$extra_note")")
done

t_end=$(date +%s)
echo
echo "cross: per-target summary (install $((t_installed - t_start))s, total $((t_end - t_start))s)"
for s in "${summary[@]}"; do echo "  $s"; done
echo "cross: ${tot_pass} passed, ${tot_fail} failed, ${tot_ign} skipped"
exit "$failed"
