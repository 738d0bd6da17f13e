#!/usr/bin/env bash
# The minimum supported Rust version: the library, as a user's build
# compiles it, on the toolchain Cargo.toml's `rust-version` names, with all
# features and with none.
#
#   bash .ci/msrv.sh           # also run by .ci/run
#
# Not checked here: the tests, examples and benches (their dev-dependencies
# may need a newer Rust, and a user never builds them), other targets, and
# dependency versions newer than Cargo.lock's (--locked: a fresh resolve may
# pick a dependency release that needs a newer Rust). clippy's
# `incompatible_msrv` lint, part of every clippy run, reads rust-version too,
# but sees only library APIs, not language features: hence this build.
#
# Installs the toolchain (minimal profile) if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
CI_NAME=msrv
. .ci/lib/common.sh

msrv=$(sed -n 's/^rust-version = "\([0-9][0-9.]*\)"$/\1/p' Cargo.toml)
[ -n "$msrv" ] || fail "Cargo.toml has no rust-version line"

step "toolchain $msrv (Cargo.toml's rust-version)"
need_toolchain "$msrv" || fail "the $msrv toolchain could not be installed"

step "cargo +$msrv check --lib --all-features"
cargo "+$msrv" check --locked --lib --all-features

step "cargo +$msrv check --lib --no-default-features"
cargo "+$msrv" check --locked --lib --no-default-features

step "done: the library builds on Rust $msrv"
