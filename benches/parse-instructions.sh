#!/usr/bin/env bash
# Instructions per parse, baresock vs core::net's FromStr, on the corpus of
# benches/parse.rs, counted by callgrind (deterministic, unlike ns).
#
# For each class and implementation the bench binary runs its `count` mode
# twice, with R and 2R repetitions of the corpus; the difference divided by
# R * corpus size is instructions per parse, with process start-up and the
# loop set-up cancelled out.
set -euo pipefail
cd "$(dirname "$0")/.."

CI_NAME=parse-instructions
. .ci/lib/common.sh
need_apt valgrind bc   # the counts; the arithmetic on them

bin=$(cargo bench --bench parse --no-run 2>&1 | sed -n 's/.*Executable .*(\(.*\))$/\1/p' | tail -1)
[ -x "$bin" ] || fail "bench binary not found"

R=${R:-2000}
count() { # class impl reps -> total instructions
    local out
    out=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" count "$1" "$2" "$3" 2>&1)
    echo "$out" | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}

printf '%-14s %12s %12s %8s\n' class "core instr" "ours instr" ratio
for class in sockaddr_in ipv4 sockaddr_in6 ipv6 invalid; do
    n=$("$bin" count "$class" ours 0 | cut -d' ' -f1)
    declare -A per
    for impl in core ours; do
        a=$(count "$class" "$impl" "$R")
        b=$(count "$class" "$impl" $((2 * R)))
        per[$impl]=$(echo "scale=1; ($b - $a) / ($R * $n)" | bc)
    done
    printf '%-14s %12s %12s %7.2fx\n' "$class" "${per[core]}" "${per[ours]}" \
        "$(echo "scale=3; ${per[core]} / ${per[ours]}" | bc)"
done
