#!/usr/bin/env bash
# Instructions and mispredicted branches per parse, baresock vs core::net's
# FromStr, on the random and fixed corpora of benches/parse.rs, counted by
# callgrind with its branch simulation (deterministic for one binary, unlike
# ns). The bench binary does the counting (`-- --count`): it re-runs itself
# under valgrind once per corpus, class and implementation, and subtracts a
# pass that only walks the corpus. This script installs valgrind if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

CI_NAME=parse-instructions
. .ci/lib/common.sh
need_apt valgrind

cargo bench -q --bench parse -- --count
