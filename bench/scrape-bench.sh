#!/usr/bin/env bash
# scrape-bench.sh -- does a /metrics scrape cost depend on the process count?
# It must not: a scrape hands out the body rendered once per sample.
#
# Cases (each with its own exporter, on a free loopback port):
#   host     the host as it is
#   procs    + N processes in the host's namespaces (more processes, same namespaces)
#   private  + N processes, every 10th in private namespaces (more namespaces: a bigger body)
# Each case: wrk -t2 -c32 -d${BENCH_WRK_SECONDS:-5}s --latency on /metrics, and
# ../shared/bench/static-http.c serving a body of the same size (the ceiling).
#
# usage: bench/scrape-bench.sh        (root; env BENCH_SCRAPE_N, default 10000)
set -euo pipefail

BENCH_NAME=scrape-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
N=${BENCH_SCRAPE_N:-10000}
SECONDS_PER_RUN=${BENCH_WRK_SECONDS:-5}
command -v wrk >/dev/null || die "wrk is missing (make bench-deps)"
gcc -O2 -Wall -o "$OUT/workload" bench/workload.c
gcc -O2 -Wall -pthread -o "$OUT/static-http" "$SHARED_BENCH/static-http.c"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; PIDS=(); }
trap cleanup EXIT

# wrk --latency prints "Requests/sec: X" and a percentile table ("50%  1.23ms").
# wrk_run URL [HEADER]
wrk_run() {
    local out; out=$(wrk -t2 -c32 -d"${SECONDS_PER_RUN}s" --latency ${2:+-H "$2"} "$1")
    local rps p50 p99
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    echo "$rps $p50 $p99"
}

rows=() gzrows=()
run_case() {
    local name=$1 workload_args=$2 wl_pid=""
    if [[ -n $workload_args ]]; then
        coproc WL { exec "$OUT/workload" $workload_args; }
        wl_pid=$WL_PID; PIDS+=("$wl_pid")
        local line; read -r -t 900 line <&"${WL[0]}" || die "workload did not start"
    fi
    local port; port=$(free_port)
    "$EXPORTER" --web.listen-address="127.0.0.1:$port" --log.level=warn &
    local exporter=$!; PIDS+=("$exporter")
    wait_port "$port" metrics || die "exporter did not start"
    local bytes procs
    bytes=$(curl -s "http://127.0.0.1:$port/metrics" | wc -c)
    procs=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^namespace_exporter_processes_scanned / {print $2}')
    read -r rps p50 p99 < <(wrk_run "http://127.0.0.1:$port/metrics")
    # What Prometheus sends (gzip), and the JSON snapshot gzip'd.
    local gz="Accept-Encoding: gzip" gzbytes snapbytes
    gzbytes=$(curl -s -H "$gz" "http://127.0.0.1:$port/metrics" | wc -c)
    snapbytes=$(curl -s -H "$gz" "http://127.0.0.1:$port/snapshot.json" | wc -c)
    read -r grps gp50 gp99 < <(wrk_run "http://127.0.0.1:$port/metrics" "$gz")
    read -r jrps jp50 jp99 < <(wrk_run "http://127.0.0.1:$port/snapshot.json" "$gz")
    gzrows+=("$(printf '%-8s %9s %10s %12s %9s %9s %12s %12s %9s %9s' "$name" "$procs" "$gzbytes" "$grps" "$gp50" "$gp99" "$snapbytes" "$jrps" "$jp50" "$jp99")")
    kill "$exporter"; wait "$exporter" 2>/dev/null || true
    [[ -n $wl_pid ]] && { kill "$wl_pid"; wait "$wl_pid" 2>/dev/null || true; }
    PIDS=()

    local sport; sport=$(free_port)
    "$OUT/static-http" "$sport" "$bytes" >/dev/null 2>&1 &
    local static=$!; PIDS+=("$static")
    wait_port "$sport" metrics || die "static-http did not start"
    read -r srps sp50 sp99 < <(wrk_run "http://127.0.0.1:$sport/metrics")
    cleanup
    rows+=("$(printf '%-8s %9s %9s %12s %9s %9s %12s %9s' "$name" "$procs" "$bytes" "$rps" "$p50" "$p99" "$srps" "$sp50")")
}

run_case host ""
run_case procs "$N 0"
run_case private "$N 10"

printf '\n%-8s %9s %9s %12s %9s %9s %12s %9s\n' case processes bytes "req/s" p50 p99 "static req/s" "static p50"
printf '%s\n' "${rows[@]}"
echo "(wrk -t2 -c32 -d${SECONDS_PER_RUN}s on loopback; static = ../shared/bench/static-http.c with the same body size)"

printf '\n%-8s %9s %10s %12s %9s %9s %12s %12s %9s %9s\n' case processes "gz bytes" "gz req/s" p50 p99 "snap gz B" "snap req/s" p50 p99
printf '%s\n' "${gzrows[@]}"
echo "(with Accept-Encoding: gzip: /metrics, and /snapshot.json; both compressed once per sample)"
