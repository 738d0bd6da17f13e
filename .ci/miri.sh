#!/usr/bin/env bash
# Miri over the code that makes no system call: the parsers, the
# formatters, the address constructors and conversions, the kernel-byte
# decoders (with the unsafe glue of src/addr/kernel.rs: the SocketAddrArg
# impls and the slice of the bytes the kernel wrote) and the error table,
# through the lib's unit tests and the integration tests. Miri checks each
# for undefined behaviour: out-of-bounds reads, misaligned or dangling
# pointers, reads of uninitialized bytes.
#
#   bash .ci/miri.sh           # also run by .ci/run
#
# Miri cannot make system calls (rustix issues them with inline asm, and
# Miri has no sockets), so (the rule is in CONTRIBUTING.md, "Miri"):
# - an integration-test module whose tests make them, a kernel module, is
#   declared `#[cfg(not(miri))]` in its binary's tests/*/main.rs: Miri does
#   not build it, and the summary names it;
# - a unit test in src/ that makes them carries
#   `#[cfg_attr(miri, ignore = "makes system calls")]` and shows here as
#   ignored, by name.
# A system call in a pure module or an unmarked unit test stops the run with
# Miri's "unsupported operation", so the rule enforces itself. The few
# exhaustive parser tests (hundreds of thousands of parses) are ignored
# under Miri too, as "too slow under Miri"; the sampled and property tests
# run the same code here. The property tests run 16 cases
# each under Miri (see MIRIFLAGS below). Doctests are not run: most of them
# open sockets.
#
# Installs the nightly toolchain and its miri and rust-src components if
# missing.
set -euo pipefail
cd "$(dirname "$0")/.."
CI_NAME=miri
. .ci/lib/common.sh

step "prerequisites"
need_nightly || fail "Miri needs the nightly toolchain, which could not be installed"
need_component nightly miri rust-src
cargo +nightly miri setup

# Miri's isolation has no file system, where proptest keeps its failures:
# turn that off for every property test, and run 16 cases in those that take
# proptest's default count (the others say `if cfg!(miri)` themselves).
export MIRIFLAGS="${MIRIFLAGS:-} -Zmiri-env-set=PROPTEST_DISABLE_FAILURE_PERSISTENCE=true -Zmiri-env-set=PROPTEST_CASES=16"

step "cargo miri test (lib unit tests and integration tests, all features)"
log=$(mktemp) lib_log=$(mktemp)
trap 'rm -f "$log" "$lib_log"' EXIT
# Its own target directory: Miri's builds never mix with the native ones.
# Miri runs a test binary's threads one at a time, so the lib's unit tests
# (the longest binary) run in a process of their own beside the integration
# tests: both cores are used, and the step takes the longer of the two
# instead of their sum. Built first, so the two runs only run.
cargo +nightly miri test --all-features --lib --tests --no-run
cargo +nightly miri test --all-features --lib >"$lib_log" 2>&1 &
lib_pid=$!
tests_status=0
cargo +nightly miri test --all-features --test '*' 2>&1 | tee "$log" || tests_status=$?
lib_status=0
wait "$lib_pid" || lib_status=$?
cat "$lib_log"
cat "$lib_log" >>"$log"
[ "$lib_status" = 0 ] || fail "cargo miri test --lib failed (status $lib_status)"
[ "$tests_status" = 0 ] || fail "cargo miri test --test '*' failed (status $tests_status)"
# The kernel modules: the line after each `#[cfg(not(miri))]` of a
# tests/*/main.rs, as binary::module.
not_built=$(for main in tests/*/main.rs; do
    bin=$(basename "$(dirname "$main")")
    grep -A1 -x '#\[cfg(not(miri))\]' "$main" | sed -n "s/^mod \([a-z0-9_]*\);$/$bin::\1/p"
done)
awk -v not_built="$(wc -w <<<"$not_built")" '/^test result:/ {
        for (i = 1; i <= NF; i++) {
            if ($(i+1) ~ /^passed/) p += $i;
            if ($(i+1) ~ /^ignored/) g += $i;
        }
    }
    /^test .* \.\.\. ignored, makes system calls$/ { sys++ }
    /^test .* \.\.\. ignored, .*too slow under [Mm]iri$/ { slow++ }
    END {
        printf "miri: %d passed, %d ignored (%d make system calls, %d too slow under Miri, %d other); %d kernel modules not built\n",
            p, g, sys, slow, g - sys - slow, not_built
    }' "$log"
echo "miri: kernel modules not built (they make system calls):" $not_built
step "done"
