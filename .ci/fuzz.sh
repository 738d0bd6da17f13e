#!/usr/bin/env bash
# Fuzz every target of fuzz/ for a bounded time: the parsers, the decoders
# of what the kernel hands back (addresses, control messages) and the
# socket-activation environment parser.
#
#   bash .ci/fuzz.sh                  # FUZZ_SECONDS per target, default 10
#   FUZZ_SECONDS=60 bash .ci/fuzz.sh
#
# Each parser target is differential (baresock vs core::net on the same
# bytes) and checks parse -> format -> parse; `cmsg`, `kernel_addr` and
# `unix_addr` check the decoders against a plain model of the kernel's
# layout; activation_env checks the LISTEN_* parser against an independent
# reading and systemd's number reader (on libc's strtol). A mismatch is a
# panic, which libFuzzer reports as a crash and this script as a failure. Targets run one after
# another (2 cores, shared). New inputs go to a scratch directory; the
# checked-in seeds under fuzz/corpus/<target>/ are only read.
#
# Needs nightly (libFuzzer's sanitizer flags); installs cargo-fuzz and the
# nightly toolchain if missing. Without nightly it says so and only builds
# the targets on stable with `cargo fuzz build -s none`.
set -euo pipefail
cd "$(dirname "$0")/.."
CI_NAME=fuzz
. .ci/lib/common.sh

SECS=${FUZZ_SECONDS:-10}

need_cargo_tool fuzz cargo-fuzz
nightly=1
need_nightly || nightly=0

targets=$(cargo fuzz list)

if [ "$nightly" = 0 ]; then
    log "WARNING: no nightly toolchain; NOT fuzzing. Building the targets on stable only"
    log "         (cargo fuzz build -s none) so they at least compile."
    cargo fuzz build -s none
    step "fuzz targets built (not run)"
    exit 0
fi

step "building fuzz targets (nightly, release, address sanitizer)"
cargo +nightly fuzz build -O

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for t in $targets; do
    mkdir -p "$scratch/$t"
    case "$t" in
        roundtrip_structured | cmsg | kernel_addr | unix_addr) dict=() ;;
        activation_env) dict=(-dict=fuzz/dict/activation.dict) ;;
        *) dict=(-dict=fuzz/dict/addr.dict) ;;
    esac
    step "fuzzing $t for ${SECS}s"
    out="$scratch/$t.log"
    if ! cargo +nightly fuzz run -O "$t" "$scratch/$t" "fuzz/corpus/$t" -- \
        "${dict[@]}" -max_total_time="$SECS" -print_final_stats=1 >"$out" 2>&1; then
        tail -40 "$out" >&2
        fail "$t found a crash or a mismatch with its oracle (artifact under fuzz/artifacts/$t)"
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
    echo "   $t: ${runs:-?} executions, no crash, no mismatch"
done
step "fuzzing done"
