#!/usr/bin/env bash
# Installs what the benchmarks need, when missing: valgrind (Debian) for the
# instruction and branch counts, and the musl target, since the syscall path's goal holds on glibc and musl alike.
# Idempotent; no stdin needed.
set -euo pipefail
CI_NAME=benches/setup
. "$(dirname "$0")/../.ci/lib/common.sh"

need_apt valgrind
need_target x86_64-unknown-linux-musl
