#!/usr/bin/env bash
# churn-bench.sh -- the exporter under namespace churn: 100 new namespaces a
# second (bench/churn.c, each living 50 ms) for BENCH_CHURN_SECONDS (60).
# Reports the exporter's CPU share, its RSS at start and end, the sample
# duration against the interval, and whether it counted every namespace made.
#
# usage: bench/churn-bench.sh     (root; env BENCH_CHURN_RATE=100, BENCH_CHURN_SECONDS=60)
set -euo pipefail

BENCH_NAME=churn-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
RATE=${BENCH_CHURN_RATE:-100}
SECS=${BENCH_CHURN_SECONDS:-60}
gcc -O2 -Wall -o "$OUT/churn" bench/churn.c

port=$(free_port)
"$EXPORTER" --web.listen-address="127.0.0.1:$port" --sample.interval=5s --log.level=warn &
exporter=$!
trap 'kill $exporter 2>/dev/null; wait $exporter 2>/dev/null || true' EXIT
wait_port "$port" metrics || die "exporter did not start"
sleep 2

ticks() { awk '{print $14 + $15}' "/proc/$exporter/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$exporter/status"; }
# sum over types of a counter family
total() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 ~ "^"m"\\{" {s += $2} END {print s + 0}'; }
metric() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }

rss0=$(rss_kb) ticks0=$(ticks) created0=$(total linux_namespace_created_total) destroyed0=$(total linux_namespace_destroyed_total)
t0=$(date +%s%N)
made=$("$OUT/churn" "$RATE" "$SECS" | awk '{print $2}')
t1=$(date +%s%N)
sleep 6   # one more sample, so every exit is published
rss1=$(rss_kb) ticks1=$(ticks)
created=$(( $(total linux_namespace_created_total) - created0 ))
destroyed=$(( $(total linux_namespace_destroyed_total) - destroyed0 ))
duration=$(metric namespace_exporter_sample_duration_seconds)
hz=$(getconf CLK_TCK)
elapsed=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
cpu=$(awk -v d=$((ticks1 - ticks0)) -v hz="$hz" -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", 100 * d / hz / ((b - a) / 1e9) }')

printf '\nchurn: %s namespaces made in %s s (%s/s requested), each living 50 ms\n' "$made" "$elapsed" "$RATE"
printf '%-34s %s\n' "created_total delta (all types)" "$created" "destroyed_total delta (all types)" "$destroyed" \
    "exporter CPU share (one core = 100)" "$cpu %" "exporter RSS start -> end" "$rss0 kB -> $rss1 kB" \
    "last sample duration (interval 5 s)" "$duration s" \
    "process events / overruns / dropped" "$(metric namespace_exporter_process_events_total) / $(metric namespace_exporter_proc_connector_overruns_total) / $(metric namespace_exporter_churn_events_dropped_total)"
echo "(deltas may exceed what churn made if the host churns too; they must not be below it)"
printf '{"date": "%s", "rate": %s, "seconds": %s, "made": %s, "created": %s, "destroyed": %s, "cpu_percent": %s, "rss_start_kib": %s, "rss_end_kib": %s, "sample_seconds": %s}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$RATE" "$SECS" "$made" "$created" "$destroyed" "$cpu" "$rss0" "$rss1" "$duration" >"$OUT/churn.json"
echo "wrote $OUT/churn.json" >&2
