#!/usr/bin/env bash
# BENCHMARKS.md's "Whole servers": connections / s served by whole greeting
# servers (benches/serve_throughput.rs): the no-libc examples/tiny, its C twin
# (benches/size/tiny-epoll.c) and the std examples/serve, as ratios against
# the C twin in the same run. Builds the three for one free port on
# 127.0.0.1 (tiny and the C twin take their address at build time), then runs
# the bench, which starts and stops each server as a child process.
#
#   bash benches/serve-throughput.sh        # 3 s per run, 5 runs per server
#   BARESOCK_SERVE_BENCH_SECS=1 BARESOCK_SERVE_BENCH_RUNS=1 bash benches/serve-throughput.sh
#
# BARESOCK_SERVE_BENCH_CLIENTS (64) sets the concurrent clients.
# BARESOCK_TINY_CLIENTS passes through to the tiny build (unset: it serves
# forever, as the concurrent tiny does by default).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CI_NAME=serve-throughput
. .ci/lib/common.sh
. .ci/lib/serve.sh   # pick_port
. .ci/lib/musl-c.sh  # musl_c: built as benches/size.sh builds the C rows
need_apt musl-tools
OUT=${TINY_TARGET_DIR:-$ROOT/target/tiny}
mkdir -p "$OUT/bin"
port=$(pick_port) || fail "no free port found"

(cd examples/tiny && BARESOCK_TINY_ADDR=127.0.0.1:$port CARGO_TARGET_DIR=$OUT \
    cargo build --quiet --release --target x86_64-unknown-linux-gnu --features nolibc --bin baresock-tiny)
cp "$OUT/x86_64-unknown-linux-gnu/release/baresock-tiny" "$OUT/bin/bench-tiny"
musl_c "$OUT/bin/bench-c-twin" benches/size/tiny-epoll.c -DTINY_PORT="$port"
cargo build --quiet --release --example serve

BARESOCK_SERVE_BENCH_PORT=$port \
    BARESOCK_SERVE_BENCH_C=$OUT/bin/bench-c-twin \
    BARESOCK_SERVE_BENCH_TINY=$OUT/bin/bench-tiny \
    BARESOCK_SERVE_BENCH_SERVE=$ROOT/target/release/examples/serve \
    cargo bench -q --bench serve_throughput
