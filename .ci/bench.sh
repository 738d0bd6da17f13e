#!/usr/bin/env bash
# CI step for the benchmarks (issue 5): builds every bench so none can rot,
# runs the instruction-count figures once on glibc and on musl, and fails
# when baresock misses a goal (figure 1: within 2% of rustix direct) or
# regresses past a ratchet (figure 2). Instruction counts are deterministic
# for one binary, so these checks hold on a loaded 2-core machine. Times are
# never checked: the throughput figure runs as a small smoke test only.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

bash benches/setup.sh

echo "== bench.sh: build every bench (glibc)"
cargo bench --benches --no-run

echo "== bench.sh: figures 1-2, glibc (callgrind, checked)"
cargo bench -q --bench syscall -- --check
echo "== bench.sh: figures 1-2, musl (callgrind, checked)"
cargo bench -q --bench syscall --target x86_64-unknown-linux-musl -- --check

if [ -f benches/parse.rs ] || [ -f benches/parse/main.rs ]; then
    echo "== bench.sh: figure 3, parsing (checked)"
    # The parse bench's own `--check` gates its goals (instruction ratios only).
    BARESOCK_BENCH_QUICK=1 cargo bench -q --bench parse -- --check
    if [ -f benches/parse-instructions.sh ]; then bash benches/parse-instructions.sh --check; fi
else
    echo "== bench.sh: parse bench not present (comes with the parser's branch)"
fi

echo "== bench.sh: figure 4 smoke run (prints only, asserts nothing about time)"
BARESOCK_BENCH_CONNS=2000 BARESOCK_BENCH_RUNS=1 cargo bench -q --bench throughput

echo "== bench.sh: done in $(( $(date +%s) - start )) s"
