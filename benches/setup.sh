#!/usr/bin/env bash
# Installs what the benchmarks need, when missing: valgrind (Debian) for the
# instruction counts, and the musl target, since figure 1's goal holds on
# glibc and musl alike. Idempotent; no stdin needed.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# bc: benches/parse-instructions.sh computes its per-parse counts and ratios with it.
missing=()
command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
command -v bc >/dev/null 2>&1 || missing+=(bc)
if [ ${#missing[@]} -gt 0 ]; then
    echo "benches/setup.sh: installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx x86_64-unknown-linux-musl; then
    echo "benches/setup.sh: adding the x86_64-unknown-linux-musl target"
    rustup target add x86_64-unknown-linux-musl
fi
