# shellcheck shell=bash
# Sourced (not run) by benches/size.sh, benches/serve-throughput.sh and
# .ci/load.sh: the build of the C twins, as the size table's C rows are
# built: musl-gcc -Os, fully static, stripped, unused sections dropped, and
# the linker script of examples/tiny's musl build (examples/tiny/musl.ld).
#
#   . .ci/lib/musl-c.sh
#   musl_c OUT SRC [-DNAME=VALUE...]    # e.g. -DTINY_PORT=9600

_musl_c_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

musl_c() {
    local out=$1 src=$2
    shift 2
    musl-gcc -Os -static -s -ffunction-sections -fdata-sections \
        -Wl,--gc-sections,--build-id=none,-z,norelro,-z,noseparate-code,--no-eh-frame-hdr \
        -Wl,-T,"$_musl_c_root/examples/tiny/musl.ld" "$@" -o "$out" "$src"
}
