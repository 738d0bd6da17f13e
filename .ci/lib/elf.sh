# Sourced by .ci/tiny.sh and .ci/tiny-cross.sh (not run; needs common.sh
# for `fail`, and readelf and file: need_apt binutils file).

# check_static BINARY [MACHINE]: fails unless BINARY is a static non-PIE
# executable with no program interpreter, no dynamic section and no symbol
# table, stripped, and (if given) for readelf's MACHINE (e.g. AArch64).
check_static() {
    local bin=$1 machine=${2:-} headers
    headers=$(readelf -lW "$bin")
    grep -q 'INTERP' <<<"$headers" && fail "$bin has a program interpreter"
    grep -q 'DYNAMIC' <<<"$headers" && fail "$bin has a dynamic section"
    if [ -n "$machine" ]; then
        readelf -hW "$bin" | grep -q "Machine: *$machine" || fail "$bin is not an $machine ELF"
    fi
    readelf -hW "$bin" | grep -q 'Type: *EXEC' || fail "$bin is not a non-PIE executable"
    file "$bin" | grep -q 'statically linked' || fail "file(1) does not call $bin statically linked"
    file "$bin" | grep -q 'not stripped' && fail "$bin is not stripped"
    readelf -SW "$bin" | grep -q '\.symtab' && fail "$bin has a symbol table"
    echo "ok: $(basename "$bin"):${machine:+ $machine,} static, no interpreter, stripped, $(stat -c %s "$bin") bytes"
}
