#!/usr/bin/env bash
# BENCHMARKS.md's "Datagrams at line rate": the UDP bench package
# benches/udp (its own workspace and Cargo.lock: quinn-udp and libc stay out
# of the library's build), built in release into target/udp and run.
#
#   bash benches/udp.sh                                      # 3 runs of 3 s per row
#   BARESOCK_UDP_SECS=1 BARESOCK_UDP_RUNS=1 bash benches/udp.sh   # CI's smoke run
#
# BARESOCK_UDP_ONLY=quinn runs only the rows whose name holds the word
# (and the std anchors). The bench prints a markdown table; it exits 1 only
# when a row moved no datagram or an echo answer was wrong, never on a time.
# Run it on a quiet machine: a busy one shows as idle share on both sides.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CI_NAME=benches/udp
. .ci/lib/common.sh
export CARGO_TARGET_DIR=${UDP_TARGET_DIR:-$ROOT/target/udp}
cargo build --quiet --release --locked --manifest-path benches/udp/Cargo.toml
exec "$CARGO_TARGET_DIR/release/baresock-udp-bench"
