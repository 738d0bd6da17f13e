#!/usr/bin/env bash
# Size of the tiny static server (examples/tiny) against its C and std
# equivalents, all fully static and stripped, measured in this run.
#
#   bash benches/size.sh            # prints a Markdown table
#
# Builds:
#   baresock, no libc   examples/tiny, feature nolibc, x86_64-unknown-linux-gnu
#   baresock, musl      examples/tiny, x86_64-unknown-linux-musl (musl's crt1.o)
#   C, musl             benches/size/tiny.c with musl-gcc (Debian's musl-tools)
#   C epoll twin, musl  benches/size/tiny-epoll.c, the concurrent server in C,
#                       same compiler, flags and linker script
#   std, musl           benches/size/tiny-std (TcpListener), x86_64-unknown-linux-musl
#   baresock, no libc,  examples/tiny, feature nolibc, aarch64-unknown-linux-musl
#     aarch64           (linked by rust-lld; skipped when that target is missing)
# Installs what it needs when missing: the x86_64-unknown-linux-musl target and
# musl-gcc (Debian's musl-tools). The aarch64 row is built when the
# aarch64-unknown-linux-musl target is there (.ci/tiny-aarch64.sh adds it).
# BARESOCK_TINY_ADDR / BARESOCK_TINY_CLIENTS pass through to the builds.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${TINY_TARGET_DIR:-$ROOT/target/tiny}
CI_NAME=size
. "$ROOT/.ci/lib/common.sh"
need_target x86_64-unknown-linux-musl
need_apt musl-tools
mkdir -p "$OUT/bin"

# The exact build commands (also in examples/tiny/README.md).
(cd "$ROOT/examples/tiny" && CARGO_TARGET_DIR=$OUT \
    cargo build --quiet --release --target x86_64-unknown-linux-gnu --features nolibc --bin baresock-tiny)
cp "$OUT/x86_64-unknown-linux-gnu/release/baresock-tiny" "$OUT/bin/tiny-nolibc"
(cd "$ROOT/examples/tiny" && CARGO_TARGET_DIR=$OUT \
    cargo build --quiet --release --target x86_64-unknown-linux-musl --bin baresock-tiny)
cp "$OUT/x86_64-unknown-linux-musl/release/baresock-tiny" "$OUT/bin/tiny-musl"
aarch64=0
if rustup target list --installed 2>/dev/null | grep -qx aarch64-unknown-linux-musl; then
    (cd "$ROOT/examples/tiny" && CARGO_TARGET_DIR=$OUT \
        cargo build --quiet --release --target aarch64-unknown-linux-musl --features nolibc --bin baresock-tiny)
    cp "$OUT/aarch64-unknown-linux-musl/release/baresock-tiny" "$OUT/bin/tiny-nolibc-aarch64"
    aarch64=1
fi

port=9600
if [[ ${BARESOCK_TINY_ADDR:-} =~ ^127\.0\.0\.1:([0-9]+)$ ]]; then port=${BASH_REMATCH[1]}; fi
musl-gcc -Os -static -s -ffunction-sections -fdata-sections \
    -Wl,--gc-sections,--build-id=none,-z,norelro,-z,noseparate-code,--no-eh-frame-hdr \
    -Wl,-T,"$ROOT/examples/tiny/musl.ld" \
    -DTINY_PORT="$port" -DTINY_CLIENTS="${BARESOCK_TINY_CLIENTS:-3}" \
    -o "$OUT/bin/tiny-c" "$ROOT/benches/size/tiny.c"
# The C twin of the concurrent server (epoll, 1,024-slot table, deadlines):
# same flags and linker script; it serves forever unless BARESOCK_TINY_CLIENTS.
# (.ci/lib/musl-c.sh: the flags above, in one place).
. "$ROOT/.ci/lib/musl-c.sh"
musl_c "$OUT/bin/tiny-c-epoll" "$ROOT/benches/size/tiny-epoll.c" \
    -DTINY_PORT="$port" -DTINY_CLIENTS="${BARESOCK_TINY_CLIENTS:-0}"

(cd "$ROOT/benches/size/tiny-std" && CARGO_TARGET_DIR=$OUT/std \
    cargo build --quiet --release --target x86_64-unknown-linux-musl)
cp "$OUT/std/x86_64-unknown-linux-musl/release/tiny-std" "$OUT/bin/tiny-std"

size() { stat -c %s "$1"; }
c=$(size "$OUT/bin/tiny-c")
std=$(size "$OUT/bin/tiny-std")
row() { # name, file
    local n; n=$(size "$2")
    awk -v name="$1" -v n="$n" -v c="$c" -v s="$std" \
        'BEGIN { printf "| %s | %d | %.2f | %.1f |\n", name, n, c / n, s / n }'
}
echo "Stripped sizes in bytes, all fully static (x86_64 unless the row says aarch64, $(rustc --version | cut -d' ' -f1-2), $(musl-gcc --version | head -1 | sed 's/ (.*)//'), musl $(dpkg-query -W -f='${Version}' musl-dev 2>/dev/null || echo '?'))."
echo "\"C / this\" and \"std / this\": how many times larger the C and the std program are (x86_64; no C or std twin is built for aarch64)."
echo
echo "| program | bytes | C / this | std / this |"
echo "|---|---:|---:|---:|"
row "baresock, no libc (own \`_start\`)" "$OUT/bin/tiny-nolibc"
row "baresock, musl start-up" "$OUT/bin/tiny-musl"
row "C, musl-gcc -Os" "$OUT/bin/tiny-c"
row "C epoll twin (concurrent, benches/size/tiny-epoll.c), musl-gcc -Os" "$OUT/bin/tiny-c-epoll"
row "std \`TcpListener\`, musl" "$OUT/bin/tiny-std"
# No C or std twin is built for aarch64 (that needs a cross C toolchain), and
# a ratio against the x86_64 ones would compare two instruction sets.
if ((aarch64)); then
    echo "| baresock, no libc (own \`_start\`), aarch64 | $(size "$OUT/bin/tiny-nolibc-aarch64") | - | - |"
else
    echo "| baresock, no libc, aarch64 | not built: rustup target add aarch64-unknown-linux-musl | - | - |"
fi
