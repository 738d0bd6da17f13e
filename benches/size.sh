#!/usr/bin/env bash
# Size of the tiny static server (examples/tiny) against its C and std
# equivalents, all fully static and stripped, measured in this run.
#
#   bash benches/size.sh            # prints a Markdown table
#
# Builds:
#   baresock, no libc   examples/tiny, feature nolibc (origin's start-up), x86_64-unknown-linux-gnu
#   baresock, musl      examples/tiny, x86_64-unknown-linux-musl (musl's crt1.o)
#   C, musl             benches/size/tiny-epoll.c with musl-gcc (Debian's musl-tools):
#                       the same concurrent server, the anchor of the ratios
#   std, musl           benches/size/tiny-std (TcpListener), x86_64-unknown-linux-musl:
#                       a sequential greeter, so a floor for what std costs
#   baresock, no libc,  examples/tiny, feature nolibc, for aarch64, i686, riscv64
#     other arches      and armv7 (linked by rust-lld; each skipped when its target is missing)
# Installs what it needs when missing: the x86_64-unknown-linux-musl target and
# musl-gcc (Debian's musl-tools). The other architectures' rows are built when
# their targets are there (.ci/tiny-cross.sh adds them).
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
cross=(aarch64:aarch64-unknown-linux-musl i686:i686-unknown-linux-musl
       riscv64:riscv64gc-unknown-linux-gnu armv7:armv7-unknown-linux-gnueabihf)
installed=$(rustup target list --installed 2>/dev/null || true)
for arch_target in "${cross[@]}"; do
    arch=${arch_target%%:*} target=${arch_target#*:}
    grep -qx "$target" <<<"$installed" || continue
    (cd "$ROOT/examples/tiny" && CARGO_TARGET_DIR=$OUT \
        cargo build --quiet --release --target "$target" --features nolibc --bin baresock-tiny)
    cp "$OUT/$target/release/baresock-tiny" "$OUT/bin/tiny-nolibc-$arch"
done

port=9600
if [[ ${BARESOCK_TINY_ADDR:-} =~ ^127\.0\.0\.1:([0-9]+)$ ]]; then port=${BASH_REMATCH[1]}; fi
# The C twin of the concurrent server (epoll, 1,024-slot table, deadlines),
# with the flags and linker script of .ci/lib/musl-c.sh; it serves forever
# unless BARESOCK_TINY_CLIENTS is set.
. "$ROOT/.ci/lib/musl-c.sh"
musl_c "$OUT/bin/tiny-c-epoll" "$ROOT/benches/size/tiny-epoll.c" \
    -DTINY_PORT="$port" -DTINY_CLIENTS="${BARESOCK_TINY_CLIENTS:-0}"

(cd "$ROOT/benches/size/tiny-std" && CARGO_TARGET_DIR=$OUT/std \
    cargo build --quiet --release --target x86_64-unknown-linux-musl)
cp "$OUT/std/x86_64-unknown-linux-musl/release/tiny-std" "$OUT/bin/tiny-std"

size() { stat -c %s "$1"; }
c=$(size "$OUT/bin/tiny-c-epoll")
std=$(size "$OUT/bin/tiny-std")
row() { # name, file
    local n; n=$(size "$2")
    awk -v name="$1" -v n="$n" -v c="$c" -v s="$std" \
        'BEGIN { printf "| %s | %d | %.2f | %.1f |\n", name, n, c / n, s / n }'
}
echo "Stripped sizes in bytes, all fully static (x86_64 unless the row names another architecture, $(rustc --version | cut -d' ' -f1-2), $(musl-gcc --version | head -1 | sed 's/ (.*)//'), musl $(dpkg-query -W -f='${Version}' musl-dev 2>/dev/null || echo '?'))."
echo "\"C / this\" and \"std / this\": how many times larger the C and the std program are (x86_64; no C or std twin is built for the other architectures)."
echo
echo "| program | bytes | C / this | std / this |"
echo "|---|---:|---:|---:|"
row "baresock, no libc (origin's \`_start\`)" "$OUT/bin/tiny-nolibc"
row "baresock, musl start-up" "$OUT/bin/tiny-musl"
row "C twin (benches/size/tiny-epoll.c), musl-gcc -Os" "$OUT/bin/tiny-c-epoll"
row "std \`TcpListener\`, musl (a sequential greeter: a floor for std)" "$OUT/bin/tiny-std"
# No C or std twin is built for the other architectures (that needs cross C
# toolchains), and a ratio against the x86_64 ones would compare two
# instruction sets.
for arch_target in "${cross[@]}"; do
    arch=${arch_target%%:*} target=${arch_target#*:}
    if [[ -f $OUT/bin/tiny-nolibc-$arch ]] && grep -qx "$target" <<<"$installed"; then
        echo "| baresock, no libc (origin's \`_start\`), $arch | $(size "$OUT/bin/tiny-nolibc-$arch") | - | - |"
    else
        echo "| baresock, no libc, $arch | not built: rustup target add $target | - | - |"
    fi
done
