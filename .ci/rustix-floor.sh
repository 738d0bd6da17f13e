#!/usr/bin/env bash
# The library's suite against the lowest rustix that Cargo.toml accepts, so
# that the floor it declares is proven, not hoped: a rustix bug in a call
# baresock makes, in a version the crate accepts, fails a test here (the
# main run tests the newest rustix, which Cargo.lock holds).
#
#   bash .ci/rustix-floor.sh       # also run by .ci/run
#
# Cargo.lock is pinned to the floor in a copy of the tree and restored on
# exit; the build goes to target/rustix-floor so the main target stays warm.
set -euo pipefail
cd "$(dirname "$0")/.."
CI_NAME=rustix-floor
. .ci/lib/common.sh

# The floor: the lowest version Cargo.toml's requirement admits.
floor=$(sed -n 's/^rustix = { version = "\([0-9.]*\)".*/\1/p' Cargo.toml | head -1)
[ -n "$floor" ] || fail "no rustix requirement found in Cargo.toml"
case $floor in *.*.*) ;; *) fail "rustix requirement $floor names no patch version: the floor is ambiguous" ;; esac

saved=$(mktemp)
cp Cargo.lock "$saved"
trap 'cp "$saved" Cargo.lock; rm -f "$saved"' EXIT

step "Cargo.lock pinned to rustix $floor"
cargo update -p rustix --precise "$floor"
got=$(cargo tree -p baresock -e normal -i rustix --depth 0 2>/dev/null | sed -n 's/^rustix v\([0-9.]*\).*/\1/p' | head -1)
[ "$got" = "$floor" ] || fail "the build would use rustix $got, not $floor"

export CARGO_TARGET_DIR=target/rustix-floor
step "cargo test --all-features, rustix $floor"
cargo test --all-features
step "cargo test --no-default-features, rustix $floor"
cargo test --no-default-features
step "done: the suite passes on rustix $floor (and on the newest in the main run)"
