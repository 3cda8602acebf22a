#!/usr/bin/env bash
# events-bench.sh -- the exporter kept by kernel events, on N = 10,000
# processes (bench/workload.c, every 10th in private namespaces of every
# type), scraped as Prometheus scrapes it: OpenMetrics, gzip, every 15 s.
#   1. idle: its CPU share and RSS over BENCH_EVENTS_SECONDS, beside Debian's
#      prometheus-node-exporter (default collectors) scraped the same way;
#   2. churn: the same, while 20 short-lived processes a second run in the
#      host's namespaces and 2 namespaces a second are made and destroyed;
#      CPU per event = the extra CPU over the events received meanwhile;
#   3. latency, BENCH_EVENTS_RUNS times each, from the change to the
#      publication that shows it: fork/exec (`unshare --uts sleep`), its
#      exit, `unshare` and `setns` of a running process
#      (Tests/Tools/ns_mover.py), and `ip netns add` (its bind mount in the
#      snapshot), by bench/latency.py;
#   4. resync corrections after all of it (0 of the event-visible kinds).
#
# usage: bench/events-bench.sh   (root; env BENCH_EVENTS_N=10000, BENCH_EVENTS_SECONDS=120, BENCH_EVENTS_RUNS=20)
# Output: a table on stdout, figures in bench/out/events.json.
set -euo pipefail

BENCH_NAME=events-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N=${BENCH_EVENTS_N:-10000}
SECS=${BENCH_EVENTS_SECONDS:-120}
RUNS=${BENCH_EVENTS_RUNS:-20}
NODE_EXPORTER=$(command -v prometheus-node-exporter || true)
gcc -O2 -Wall -o "$OUT/workload" bench/workload.c

PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
    PIDS=()
    for name in $(ip netns list | awk '$1 ~ /^nebench-/ {print $1}'); do ip netns delete "$name"; done
}
trap cleanup EXIT

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
proc_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
now_ns() { date +%s%N; }
hz=$(getconf CLK_TCK)
percent() { awk -v d="$1" -v hz="$hz" -v a="$2" -v b="$3" 'BEGIN { printf "%.2f", 100 * d / hz / ((b - a) / 1e9) }'; }
stats() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.3f %.3f\n", v[int((NR + 1) / 2)], v[NR] }'; }
metric() { curl -s "http://127.0.0.1:$port/metrics" | awk -v m="$1" '$1 == m {print $2}'; }
events_total() { curl -s "http://127.0.0.1:$port/metrics" | awk '$1 ~ /^namespace_exporter_events_total\{/ {s += $2} END {print s + 0}'; }
OM="Accept: application/openmetrics-text; version=1.0.0"
GZ="Accept-Encoding: gzip"

# scrape_every PORT...: a Prometheus-like scrape of each port every 15 s, until killed.
scrape_every() { while true; do for p in "$@"; do curl -s -o /dev/null -H "$OM" -H "$GZ" "http://127.0.0.1:$p/metrics"; done; sleep 15; done; }

coproc WL { exec "$OUT/workload" "$N" 10; }
PIDS+=("$WL_PID")
read -r -t 900 line <&"${WL[0]}" || die "workload $N did not start"
port=$(free_port)
"$EXPORTER" --web.listen-address="127.0.0.1:$port" --log.level=warn &
exporter=$!; PIDS+=("$exporter")
wait_port "$port" metrics || die "exporter did not start"
nport=
if [[ -n $NODE_EXPORTER ]]; then
    nport=$(free_port)
    "$NODE_EXPORTER" --web.listen-address="127.0.0.1:$nport" >/dev/null 2>&1 &
    node=$!; PIDS+=("$node")
    wait_port "$nport" metrics || die "prometheus-node-exporter did not start"
fi
scrape_every "$port" $nport &
PIDS+=("$!")
sleep 20   # the first scrapes, and whatever they start, settle

echo "== idle, $SECS s" >&2
t0=$(now_ns) k0=$(ticks "$exporter") n0=${node:+$(ticks "$node")} e0=$(events_total)
sleep "$SECS"
t1=$(now_ns) k1=$(ticks "$exporter") n1=${node:+$(ticks "$node")} e1=$(events_total)
idle_cpu=$(percent $((k1 - k0)) "$t0" "$t1")
node_cpu=${node:+$(percent $((n1 - n0)) "$t0" "$t1")}
rss=$(proc_kb "$exporter" VmRSS)
namespaces=$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 ~ /^linux_namespaces\{/ {s += $2} END {print s}')
echo "   CPU $idle_cpu % (node_exporter ${node_cpu:-n/a} %), RSS $rss kB, $namespaces namespaces, $((e1 - e0)) events" >&2

echo "== churn, $SECS s: 20 processes/s in the host's namespaces, 2 namespaces/s" >&2
( while true; do for _ in $(seq 10); do /bin/true & done; wait; sleep 0.5; done ) &
short=$!; PIDS+=("$short")
( while true; do unshare --net --uts sleep 0.4 & sleep 0.5; done ) &
made=$!; PIDS+=("$made")
sleep 5
t0=$(now_ns) k0=$(ticks "$exporter") e0=$(events_total)
sleep "$SECS"
t1=$(now_ns) k1=$(ticks "$exporter") e1=$(events_total)
kill "$short" "$made"; wait "$short" "$made" 2>/dev/null || true
churn_cpu=$(percent $((k1 - k0)) "$t0" "$t1")
churn_events=$((e1 - e0))
per_event=$(awk -v c="$churn_cpu" -v i="$idle_cpu" -v e="$churn_events" -v s="$SECS" 'BEGIN { printf "%.1f", (e > 0 ? (c - i) / 100 * s / e * 1e6 : 0) }')
peak=$(proc_kb "$exporter" VmHWM)
echo "   CPU $churn_cpu %, $churn_events events ($per_event µs of CPU each)" >&2

echo "== latency, $RUNS runs each" >&2
latency=$(python3 bench/latency.py "$port" "$RUNS")
lat() { python3 -c "import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print('null' if v is None else v)" "$latency" "$1"; }
for kind in fork exit unshare setns netns; do
    declare "${kind}_med=$(lat ${kind}_median_s)" "${kind}_max=$(lat ${kind}_max_s)"
done

# A resync after all of it: what did the events miss?
sleep 2
corrections=$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 ~ /^namespace_exporter_resync_corrections_total\{/ && $1 !~ /holder_changed/ {s += $2} END {print s + 0}')
samples=$(metric namespace_exporter_samples_total)
cleanup
[[ -z $(pgrep -f '^([^ ]*/)?bench/out/workload( |$)' || true) ]] || die "workload processes left"

printf '\n%-62s %s\n' \
    "N / namespaces" "$N / $namespaces" \
    "idle CPU (share of one core), scraped every 15 s" "$idle_cpu %" \
    "prometheus-node-exporter idle CPU, same scrapes" "${node_cpu:-not installed} %" \
    "churn CPU (20 processes/s + 2 namespaces/s)" "$churn_cpu %" \
    "CPU per event received during churn" "$per_event µs ($churn_events events)" \
    "fork/exec -> published, median / max of $RUNS" "$fork_med / $fork_max s" \
    "exit -> published" "$exit_med / $exit_max s" \
    "unshare of a running process -> published" "$unshare_med / $unshare_max s" \
    "setns of a running process -> published" "$setns_med / $setns_max s" \
    "ip netns add -> bind mount published" "$netns_med / $netns_max s" \
    "RSS idle / peak" "$rss / $peak kB" \
    "full scans in the whole run / corrections of event-visible kinds" "$samples / $corrections"
printf '{"date": "%s", "n": %s, "namespaces": %s, "seconds": %s, "runs": %s, "idle_cpu_percent": %s, "node_exporter_cpu_percent": %s, "churn_cpu_percent": %s, "churn_events": %s, "cpu_us_per_event": %s, "fork_median_s": %s, "fork_max_s": %s, "exit_median_s": %s, "exit_max_s": %s, "unshare_median_s": %s, "unshare_max_s": %s, "setns_median_s": %s, "setns_max_s": %s, "netns_median_s": %s, "netns_max_s": %s, "rss_kib": %s, "peak_rss_kib": %s, "samples": %s, "corrections": %s}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$N" "$namespaces" "$SECS" "$RUNS" "$idle_cpu" "${node_cpu:-null}" "$churn_cpu" "$churn_events" \
    "$per_event" "$fork_med" "$fork_max" "$exit_med" "$exit_max" "$unshare_med" "$unshare_max" "$setns_med" "$setns_max" \
    "$netns_med" "$netns_max" "$rss" "$peak" "$samples" "$corrections" >"$OUT/events.json"
echo "wrote $OUT/events.json" >&2
