#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 10), from the committed
# seeds in corpus/; new inputs go to a scratch copy, crashes to out/.
# Exit status: 1 if any target found a crash, leak or timeout.
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-10}
bin=.build/release
mkdir -p out
failed=0
run() {
    local name=$1; shift
    local scratch; scratch=$(mktemp -d)
    cp -r "corpus/$name/." "$scratch/"
    # libFuzzer reports a crash itself; the Swift runtime's backtracer would get there first.
    if SWIFT_BACKTRACE=enable=no "$@" "$scratch" -max_total_time="$seconds" -max_len=8192 -timeout=5 \
        -artifact_prefix="out/$name-" -print_final_stats=1 >"out/$name.log" 2>&1; then
        printf '%-10s ok    %s\n' "$name" "$(grep -E '^Done|stat::number_of_executed_units' "out/$name.log" | tail -1)"
    else
        printf '%-10s FAIL  see Fuzz/out/%s.log\n' "$name" "$name"
        failed=1
    fi
    rm -rf "$scratch"
}
for target in stat status mountinfo cgroup netdev sockstat conntrack idmap sysvipc nslink ocistate; do
    run "$target" "$bin/proc-fuzzer" "$target"
done
run http "$bin/http-fuzzer"
exit $failed
