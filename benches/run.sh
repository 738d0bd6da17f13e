#!/usr/bin/env bash
# The one command behind BENCHMARKS.md: every figure, from one run, each as a
# ratio against its anchor measured in the same run.
#
#   bash benches/run.sh            # prints everything; a copy goes to target/benchmarks.txt
#
# The syscall and accept4 paths (instruction counts, callgrind) run for glibc
# and static musl; parsing against core::net; loopback accept throughput and
# whole servers against their C twin last, since they load both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
bash benches/setup.sh
mkdir -p target
exec > >(tee target/benchmarks.txt) 2>&1

echo "# baresock benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), kernel $(uname -r)"
echo "toolchain: $(rustc --version); $(valgrind --version)"
echo

echo "## Syscall and accept4 paths, glibc"
cargo bench -q --bench syscall -- "$@"
echo
echo "## Syscall and accept4 paths, musl"
cargo bench -q --bench syscall --target x86_64-unknown-linux-musl -- "$@"
echo

echo "## Parsing"
# ns per parse against core::net on the random and fixed corpora, then
# instructions and mispredicted branches per parse under callgrind on the same.
cargo bench -q --bench parse
echo
bash benches/parse-instructions.sh
echo

echo "## Loopback accept throughput"
cargo bench -q --bench throughput
echo

echo "## Whole servers (tiny, C twin, std serve)"
bash benches/serve-throughput.sh
echo

echo "## Datagrams at line rate (benches/udp: std, baresock, quinn-udp, libc)"
bash benches/udp.sh
