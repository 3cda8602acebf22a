#!/usr/bin/env bash
# Per-namespace statistics at scale: N network namespaces read through a
# member process (/proc/<pid>/net), then N with no process (ip netns add,
# read from inside with setns). Prints the net collector's cost per sample
# and per namespace, and the whole sample's median, for each N; the same
# figures go to bench/out/netns-stats.json.
#   EXPORTER=.build/release/namespace_exporter bench/netns-stats-bench.sh [N...]
set -euo pipefail
BENCH_NAME=netns-stats-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
counts=${*:-${BENCH_NETNS:-100 1000}}
prefix="nsexp-bench-$$"
pids=()
json=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    for name in $(ip netns list | awk '{print $1}' | grep "^$prefix-" || true); do ip netns delete "$name"; done
}
trap cleanup EXIT

# measure LABEL PATH N: one bench-sample run, a table row and a JSON record.
measure() {
    local line net per sample
    line=$("$EXPORTER" bench-sample -r 10 --no-collector.ipc)
    net=$(grep -o 'collector_net=[0-9.]*' <<<"$line" | cut -d= -f2)
    per=$(grep -o 'collector_net_per_ns=[0-9.]*' <<<"$line" | cut -d= -f2)
    sample=$(grep -o 'median=[0-9.]*' <<<"$line" | head -1 | cut -d= -f2)
    printf '| %s | %d | %s ms | %s µs | %s ms |\n' "$1" "$3" "$net" "$per" "$sample"
    json+=("$(printf '{"path": "%s", "n": %d, "collector_ms": %s, "per_namespace_us": %s, "sample_ms": %s}' "$2" "$3" "$net" "$per" "$sample")")
}

echo "| network namespaces | N | net collector per sample | per namespace | whole sample (median) |"
echo "|---|---|---|---|---|"
for n in $counts; do
    for ((i = 0; i < n; i++)); do
        unshare --net sleep 600 &
        pids+=($!)
    done
    sleep 1
    measure "with a member (read via /proc/<pid>/net)" member "$n"
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    pids=()
    for ((i = 0; i < n; i++)); do ip netns add "$prefix-$i"; done
    measure "no member (ip netns add, read with setns)" setns "$n"
    for ((i = 0; i < n; i++)); do ip netns delete "$prefix-$i"; done
done
(IFS=,; echo "{\"results\": [${json[*]}]}") >"$OUT/netns-stats.json"
