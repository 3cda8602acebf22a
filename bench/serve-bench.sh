#!/usr/bin/env bash
# serve-bench.sh -- the exporter as it runs, with default flags, on a host of
# N processes: its CPU share when nothing happens, its memory, how soon a
# namespace made by fork/exec is counted, and what a scrape costs next to
# ../shared/bench/static-http.c serving a body of the same size and to
# Debian's prometheus-node-exporter.
#
# Cases are N:PRIVATE (bench/workload.c: N processes, every PRIVATE-th in
# private namespaces of every type; 0: none). Each case gets its own workload
# and exporter, both torn down after it:
#   1. two samples to settle, then the exporter's CPU share over
#      BENCH_STEADY_SECONDS and its RSS;
#   2. BENCH_COUNT_RUNS times: `unshare --uts sleep` (fork/exec), and the time
#      until /events lists that pid's namespace as created (asked from one
#      process: a curl per poll would be churn itself; 99 if not within 5 s);
#   3. wrk -t2 -c32 -d${BENCH_WRK_SECONDS}s --latency on /metrics (plain, and
#      gzip as Prometheus asks) and /snapshot.json (gzip); then the peak RSS;
#      then OpenMetrics (gzip), /snapshot.json (plain) and /events;
#   4. static-http with the plain body's size, same wrk run.
# Before the first case's exporter: the time from exec to the first /metrics
# answer (bench/first-answer.py, BENCH_START_RUNS runs, median).
# Last, the same wrk run against prometheus-node-exporter on loopback, with
# its RSS idle and at peak beside the exporter's.
#
# usage: bench/serve-bench.sh      (root; env BENCH_SERVE_CASES="100:10 10000:0 10000:10",
#                                   BENCH_STEADY_SECONDS=30, BENCH_COUNT_RUNS=5, BENCH_WRK_SECONDS=5)
# Output: tables on stdout, figures in bench/out/serve.json.
set -euo pipefail

BENCH_NAME=serve-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
read -r -a CASES <<<"${BENCH_SERVE_CASES:-100:10 10000:0 10000:10}"
STEADY=${BENCH_STEADY_SECONDS:-30}
COUNT_RUNS=${BENCH_COUNT_RUNS:-5}
WRK_SECONDS=${BENCH_WRK_SECONDS:-5}
START_RUNS=${BENCH_START_RUNS:-5}
for c in "${CASES[@]}"; do [[ $c =~ ^[0-9]+:[0-9]+$ ]] || die "a case is N:PRIVATE, got '$c'"; done
command -v wrk >/dev/null || die "wrk is missing (make bench-deps)"
NODE_EXPORTER=$(command -v prometheus-node-exporter || true)
gcc -O2 -Wall -o "$OUT/workload" bench/workload.c
gcc -O2 -Wall -pthread -o "$OUT/static-http" "$SHARED_BENCH/static-http.c"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap cleanup EXIT

# wrk --latency prints "Requests/sec: X" and a percentile table ("99%  1.23ms");
# prints "req/s p50_ms p99_ms".
# wrk_run URL [HEADER...]
wrk_run() {
    local url=$1 headers=() out; shift
    for h in "$@"; do headers+=(-H "$h"); done
    out=$(wrk -t2 -c32 -d"${WRK_SECONDS}s" --latency "${headers[@]}" "$url")
    awk '
        function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
        /^Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
        END { printf "%s %.3f %.3f\n", rps, p50, p99 }' <<<"$out"
}
samples() { curl -s "http://127.0.0.1:$1/metrics" | awk '$1 == "namespace_exporter_samples_total" {print $2}'; }
proc_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now_ns() { date +%s%N; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
# json KEY VALUE...: one object; numbers bare, anything else quoted.
json() {
    local out= sep=
    while (($#)); do
        if [[ $2 =~ ^-?[0-9]+(\.[0-9]+)?$ ]]; then out+="$sep\"$1\": $2"; else out+="$sep\"$1\": \"$2\""; fi
        sep=", "; shift 2
    done
    echo "{$out}"
}

# Seconds from `unshare --uts sleep` to its namespace in /events, asked
# from one process (a curl per poll would itself be churn: 50 processes/s).
time_to_count() {
    python3 - "$1" <<'PY'
import json, subprocess, sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/events"
started = time.monotonic()
child = subprocess.Popen(["unshare", "--uts", "sleep", "6"])
seconds = 99
while time.monotonic() - started < 5:
    with urllib.request.urlopen(url, timeout=5) as response:
        events = json.load(response)["events"]
    if any(e.get("kind") == "created" and e.get("type") == "uts" and e.get("pid") == child.pid for e in events):
        seconds = time.monotonic() - started
        break
    time.sleep(0.02)
child.kill()
child.wait()
print(f"{seconds:.3f}")
PY
}

hz=$(getconf CLK_TCK)
strip -o "$OUT/stripped" "$EXPORTER" && stripped=$(stat -c %s "$OUT/stripped") && rm -f "$OUT/stripped"
results=() rows=() gzrows=()
for c in "${CASES[@]}"; do
    n=${c%%:*} private=${c##*:}
    echo "== N=$n, every ${private}th in private namespaces" >&2
    coproc WL { exec "$OUT/workload" "$n" "$private"; }
    wl=$WL_PID; PIDS+=("$wl")
    read -r -t 900 line <&"${WL[0]}" || die "workload $n did not start"
    if [[ $c == "${CASES[0]}" ]]; then
        mapfile -t starts < <(python3 bench/first-answer.py "$EXPORTER" "$START_RUNS")
        start_ms=$(median "${starts[@]}")
        echo "   exec to first /metrics: ${starts[*]} ms" >&2
    fi
    port=$(free_port)
    "$EXPORTER" --web.listen-address="127.0.0.1:$port" --log.level=warn &
    exporter=$!; PIDS+=("$exporter")
    wait_port "$port" metrics || die "exporter did not start"
    sleep 11   # two samples at the default 5 s interval

    t0=$(now_ns) k0=$(ticks "$exporter") s0=$(samples "$port")
    sleep "$STEADY"
    k1=$(ticks "$exporter") s1=$(samples "$port")
    cpu=$(awk -v d=$((k1 - k0)) -v hz="$hz" -v a="$t0" -v b="$(now_ns)" 'BEGIN { printf "%.2f", 100 * d / hz / ((b - a) / 1e9) }')
    # CPU per sample: what a longer --sample.interval would divide.
    per_sample=$(awk -v d=$((k1 - k0)) -v hz="$hz" -v s=$((s1 - s0)) 'BEGIN { printf "%.3f", (s > 0 ? d / hz / s : 0) }')
    rss=$(proc_kb "$exporter" VmRSS) rss_anon=$(proc_kb "$exporter" RssAnon)
    metrics=$(curl -s "http://127.0.0.1:$port/metrics")
    procs=$(awk '$1 == "namespace_exporter_processes_scanned" {print $2}' <<<"$metrics")
    namespaces=$(awk '$1 ~ /^linux_namespaces\{/ {s += $2} END {print s}' <<<"$metrics")
    sample_s=$(awk '$1 == "namespace_exporter_sample_duration_seconds" {print $2}' <<<"$metrics")
    counted=()
    for _ in $(seq "$COUNT_RUNS"); do counted+=("$(time_to_count "$port")"); done
    count_med=$(median "${counted[@]}") count_max=$(printf '%s\n' "${counted[@]}" | sort -g | tail -1)
    echo "   steady CPU $cpu % ($per_sample s per sample), RSS $rss kB, counted within ${counted[*]} s" >&2

    bytes=$(curl -s "http://127.0.0.1:$port/metrics" | wc -c)
    gz="Accept-Encoding: gzip"
    gzbytes=$(curl -s -H "$gz" "http://127.0.0.1:$port/metrics" | wc -c)
    snapbytes=$(curl -s -H "$gz" "http://127.0.0.1:$port/snapshot.json" | wc -c)
    read -r rps p50 p99 < <(wrk_run "http://127.0.0.1:$port/metrics")
    read -r grps gp50 gp99 < <(wrk_run "http://127.0.0.1:$port/metrics" "$gz")
    read -r jrps jp50 jp99 < <(wrk_run "http://127.0.0.1:$port/snapshot.json" "$gz")
    # The rest of the endpoints, for the peak: OpenMetrics, the plain JSON, /events.
    wrk_run "http://127.0.0.1:$port/metrics" "Accept: application/openmetrics-text; version=1.0.0" "$gz" >/dev/null
    wrk_run "http://127.0.0.1:$port/snapshot.json" >/dev/null
    wrk_run "http://127.0.0.1:$port/events" >/dev/null
    peak=$(proc_kb "$exporter" VmHWM)
    anon=$(proc_kb "$exporter" RssAnon)
    cleanup

    sport=$(free_port)
    "$OUT/static-http" "$sport" "$bytes" >/dev/null 2>&1 &
    PIDS+=("$!")
    wait_port "$sport" metrics || die "static-http did not start"
    read -r srps sp50 sp99 < <(wrk_run "http://127.0.0.1:$sport/metrics")
    cleanup
    [[ -z $(pgrep -f '^([^ ]*/)?bench/out/workload( |$)' || true) ]] || die "workload processes left"

    rows+=("$(printf '%6s %8s %9s %10s %8s %9s %9s %8s %10s %8s %8s %8s' "$n" "$private" "$procs" "$namespaces" \
        "$cpu" "$rss" "$peak" "$count_med" "$bytes" "$rps" "$p99" "$srps")")
    gzrows+=("$(printf '%6s %8s %9s %10s %9s %9s %12s %10s %9s' "$n" "$private" "$gzbytes" "$grps" "$gp50" "$gp99" "$snapbytes" "$jrps" "$jp99")")
    results+=("$(json n "$n" private_every "$private" processes "$procs" namespaces "$namespaces" sample_seconds "$sample_s" \
        steady_seconds "$STEADY" steady_cpu_percent "$cpu" cpu_seconds_per_sample "$per_sample" rss_kib "$rss" peak_rss_kib "$peak" \
        rss_anon_kib "$rss_anon" peak_anon_kib "$anon" \
        count_seconds_median "$count_med" count_seconds_max "$count_max" \
        metrics_bytes "$bytes" metrics_rps "$rps" metrics_p50_ms "$p50" metrics_p99_ms "$p99" \
        metrics_gzip_bytes "$gzbytes" metrics_gzip_rps "$grps" metrics_gzip_p50_ms "$gp50" metrics_gzip_p99_ms "$gp99" \
        snapshot_gzip_bytes "$snapbytes" snapshot_gzip_rps "$jrps" snapshot_gzip_p50_ms "$jp50" snapshot_gzip_p99_ms "$jp99" \
        static_rps "$srps" static_p50_ms "$sp50" static_p99_ms "$sp99")")
done

node=null
if [[ -n $NODE_EXPORTER ]]; then
    nport=$(free_port)
    "$NODE_EXPORTER" --web.listen-address="127.0.0.1:$nport" >/dev/null 2>&1 &
    node_pid=$!; PIDS+=("$node_pid")
    wait_port "$nport" metrics || die "prometheus-node-exporter did not start"
    nbytes=$(curl -s "http://127.0.0.1:$nport/metrics" | wc -c)
    sleep 2
    nrss=$(proc_kb "$node_pid" VmRSS)
    read -r nrps np50 np99 < <(wrk_run "http://127.0.0.1:$nport/metrics")
    npeak=$(proc_kb "$node_pid" VmHWM)
    cleanup
    node=$(json metrics_bytes "$nbytes" metrics_rps "$nrps" metrics_p50_ms "$np50" metrics_p99_ms "$np99" rss_kib "$nrss" peak_rss_kib "$npeak")
fi

printf '\n%6s %8s %9s %10s %8s %9s %9s %8s %10s %8s %8s %8s\n' N private processes namespaces "CPU %" "RSS kB" "peak kB" "count s" "bytes" "req/s" "p99 ms" "static"
printf '%s\n' "${rows[@]}"
echo "(default flags; CPU: share of one core over ${STEADY} s with nothing happening; count: median s from unshare to /events;"
echo " wrk -t2 -c32 -d${WRK_SECONDS}s on /metrics; static: static-http.c with the same body size)"
printf '\n%6s %8s %9s %10s %9s %9s %12s %10s %9s\n' N private "gz bytes" "gz req/s" p50 p99 "snap gz B" "snap req/s" p99
printf '%s\n' "${gzrows[@]}"
echo "(Accept-Encoding: gzip: /metrics and /snapshot.json)"
[[ $node == null ]] || echo "prometheus-node-exporter: $node"
echo "exec to first /metrics answer: median $start_ms ms of $START_RUNS (N=${CASES[0]%%:*}); binary $stripped bytes stripped"

{
    printf '{\n  "date": "%s",\n  "host": {"kernel": "%s", "cpus": %s},\n  "cases": [\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(uname -r)" "$(nproc)"
    for i in "${!results[@]}"; do
        printf '    %s%s\n' "${results[$i]}" "$([[ $i -lt $((${#results[@]} - 1)) ]] && echo ,)"
    done
    printf '  ],\n  "first_answer_ms": %s,\n  "binary_bytes": %s,\n  "node_exporter": %s\n}\n' "$start_ms" "$stripped" "$node"
} >"$OUT/serve.json"
echo "wrote $OUT/serve.json" >&2
