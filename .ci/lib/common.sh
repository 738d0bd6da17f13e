# Sourced (not run) by every CI script: messages, and installing what a
# script needs when it is missing. CI runs on a fresh Debian machine as root,
# so each script installs everything it uses itself, through these helpers;
# on a machine where everything is present they only look and cost nothing.
#
#   CI_NAME=tiny                  # before sourcing: the prefix of the messages
#   . "$ROOT/.ci/lib/common.sh"
#   need_apt musl-tools file      # Debian packages, installed if missing
#   need_target x86_64-unknown-linux-musl
#   need_component clippy         # or: need_component nightly miri rust-src
#   need_nightly                  # fails (status 1) if nightly cannot be had
#   need_toolchain 1.83           # the same for any rustup toolchain
#   need_cargo_tool fuzz cargo-fuzz
#
# CI_SKIP_INSTALL=1 makes every need_* only check, never install (for a
# machine where apt or rustup must not be touched); a missing piece then fails.

CI_NAME=${CI_NAME:-ci}
_ci_t0=$SECONDS

# A heading, with the seconds since this script started.
step() { printf '\n== %s: %s (%d s)\n' "$CI_NAME" "$*" "$((SECONDS - _ci_t0))"; }
# A line to stderr, so that it shows between a command's output lines.
log() { printf '== %s: %s\n' "$CI_NAME" "$*" >&2; }
# Stops the script: the message, then exit status 1.
fail() {
    printf 'FAIL %s: %s\n' "$CI_NAME" "$*" >&2
    exit 1
}

# Runs a command as root (CI is root; elsewhere through sudo).
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

_ci_can_install() {
    [ "${CI_SKIP_INSTALL:-0}" != 1 ] && return 0
    fail "missing: $* (and CI_SKIP_INSTALL=1 forbids installing it)"
}

# need_apt PKG...: installs the Debian packages that dpkg does not list as
# installed, after one `apt-get update` per run (exported, so the scripts a
# script runs do not update again). Other jobs on the machine may hold the
# dpkg lock: wait for it, 10 minutes at most.
need_apt() {
    local p missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
            || missing+=("$p")
    done
    ((${#missing[@]})) || return 0
    _ci_can_install "${missing[*]}"
    log "apt-get install ${missing[*]}"
    if [ "${CI_APT_UPDATED:-0}" != 1 ]; then
        as_root apt-get -o DPkg::Lock::Timeout=600 update -qq
        export CI_APT_UPDATED=1
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
        install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# need_target TARGET...: `rustup target add` for those not installed yet
# (on the default toolchain).
need_target() {
    local t installed want=()
    installed=$(rustup target list --installed)
    for t in "$@"; do grep -qx "$t" <<<"$installed" || want+=("$t"); done
    ((${#want[@]})) || return 0
    _ci_can_install "rustup target ${want[*]}"
    log "rustup target add ${want[*]}"
    rustup target add "${want[@]}"
}

# need_component [TOOLCHAIN] COMPONENT...: `rustup component add` for those
# not installed yet. TOOLCHAIN is `stable`, `nightly` or another rustup
# toolchain name; without one, the default toolchain.
need_component() {
    local tc=() c installed want=()
    case "${1:-}" in
    stable | beta | nightly | nightly-* | [0-9]*) tc=(--toolchain "$1"); shift ;;
    esac
    # `rustup component list --installed` names most components with the host
    # triple (clippy-x86_64-unknown-linux-gnu), some without (rust-src).
    installed=$(rustup component list --installed "${tc[@]}")
    for c in "$@"; do grep -Eq "^$c(-|$)" <<<"$installed" || want+=("$c"); done
    ((${#want[@]})) || return 0
    _ci_can_install "rustup component ${want[*]}"
    log "rustup component add ${tc[*]} ${want[*]}"
    rustup component add "${tc[@]}" "${want[@]}"
}

# need_nightly: installs the nightly toolchain (minimal profile) if
# `cargo +nightly` does not run; returns 1 if it still does not.
need_nightly() {
    cargo +nightly --version >/dev/null 2>&1 && return 0
    _ci_can_install "the nightly toolchain"
    log "rustup toolchain install nightly"
    rustup toolchain install nightly --profile minimal || return 1
    cargo +nightly --version >/dev/null 2>&1
}

# need_cargo_tool SUBCOMMAND CRATE: `cargo install --locked CRATE` if
# `cargo SUBCOMMAND --version` does not run.
need_cargo_tool() {
    cargo "$1" --version >/dev/null 2>&1 && return 0
    _ci_can_install "cargo $1 (crate $2)"
    log "cargo install --locked $2"
    cargo install --locked "$2"
}

# need_toolchain TOOLCHAIN: installs a rustup toolchain (minimal profile),
# such as the `1.83` of Cargo.toml's rust-version, if `cargo +TOOLCHAIN`
# does not run; returns 1 if it still does not.
need_toolchain() {
    cargo "+$1" --version >/dev/null 2>&1 && return 0
    _ci_can_install "the $1 toolchain"
    log "rustup toolchain install $1"
    rustup toolchain install "$1" --profile minimal || return 1
    cargo "+$1" --version >/dev/null 2>&1
}
