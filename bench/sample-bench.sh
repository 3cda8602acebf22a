#!/usr/bin/env bash
# sample-bench.sh -- how fast is one full namespace_exporter sample, next to the
# physical limit (ns-scan-limit.c) and to `lsns -J`, on N processes of which
# every 10th lives in private namespaces of every type (bench/workload.c).
#
# usage: bench/sample-bench.sh [N...]         (run as root; default: $BENCH_N)
#
# env:  BENCH_N          N list if no arguments            (default "1000 10000")
#       BENCH_PRIVATE    one process in BENCH_PRIVATE gets private namespaces (10)
#       BENCH_REPEAT     in-process samples per tool                          (20)
#       EXPORTER         (default .build/release/namespace_exporter; must exist)
#       SHARED_BENCH     directory holding ns-scan-limit.c, or the file itself
#                        (default <repo>/../shared/bench)
#
# Output: a table on stdout, figures as JSON in bench/out/sample.json, raw
# tool output in bench/out/*.log. Creating 10,000 processes with 1,000 net
# namespaces takes 3-12 s here (load-dependent); `lsns -J` at that size 6-9 s.
set -euo pipefail

BENCH_NAME=sample-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

read -r -a NS <<<"${*:-${BENCH_N:-1000 10000}}"
PRIVATE=${BENCH_PRIVATE:-10}
REPEAT=${BENCH_REPEAT:-20}
if [[ -d $SHARED_BENCH ]]; then LIMIT_SRC=$SHARED_BENCH/ns-scan-limit.c; else LIMIT_SRC=$SHARED_BENCH; fi

[[ -f $LIMIT_SRC ]] || die "no $LIMIT_SRC (set SHARED_BENCH)"
for n in "${NS[@]}"; do [[ $n =~ ^[0-9]+$ ]] || die "N must be a number, got '$n'"; done
if ! command -v hyperfine >/dev/null; then
    apt-get install -y -qq hyperfine >/dev/null 2>&1 || echo "sample-bench: no hyperfine, timing lsns by hand" >&2
fi

# Both are tiny; rebuilding every run keeps them in step with their sources.
# -Wno-format-truncation: the shared file trips one harmless snprintf warning.
gcc -O2 -Wall -o "$OUT/workload" bench/workload.c
gcc -O2 -Wall -Wno-format-truncation -o "$OUT/ns-scan-limit" "$LIMIT_SRC"
gcc -O2 -Wall -o "$OUT/resync-limit" bench/resync-limit.c

# ---- the workload: a coprocess; closing its stdin (or SIGTERM) ends it ----
WL_PID= WL_IN= WL_OUT=
start_workload() {
    coproc WLCO { exec "$OUT/workload" "$1" "$PRIVATE"; }
    # bash unsets WLCO* when the coprocess dies; keep our own copies.
    WL_PID=$WLCO_PID WL_IN=${WLCO[1]} WL_OUT=${WLCO[0]}
    local line
    # Generous: 0.3-1.2 ms per process here, more on a busy machine.
    read -r -t 900 line <&"$WL_OUT" || die "workload $1 did not start (see its error above)"
    [[ $line == "ready $1" ]] || die "workload said '$line'"
}
stop_workload() {
    [[ -n $WL_PID ]] || return 0
    exec {WL_IN}>&- {WL_OUT}<&-            # EOF on its stdin: it stops
    kill -TERM "$WL_PID" 2>/dev/null || true
    wait "$WL_PID" 2>/dev/null || true     # returns once every child is reaped
    WL_PID=
}
trap stop_workload EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# pgrep -f bench/out/workload, anchored at argv[0] so that a shell whose
# command line merely mentions the path is not counted.
workload_left() { pgrep -f '^([^ ]*/)?bench/out/workload( |$)' || true; }
netns() { lsns -n -t net | wc -l; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2" | head -1; }   # key=value
median3() { printf '%s\n' "$@" | sort -g | sed -n 2p; }

[[ -z $(workload_left) ]] || die "a workload is already running: $(workload_left | tr '\n' ' ')"

rows=() rows2=() rows3=() rows4=() rows5=() json=()
for n in "${NS[@]}"; do
    net_before=$(netns)
    echo "== N=$n: starting workload (net namespaces before: $net_before)" >&2
    t0=$(date +%s%N)
    start_workload "$n"
    echo "   ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms; $(netns) net namespaces" >&2

    # The C limit prints its timing line on stderr:
    # mode=at tasks=T reps=R min=X median=X p90=X max=X ms  (X us/task)
    c_line=$("$OUT/ns-scan-limit" -m at -r "$REPEAT" -q 2>&1 >/dev/null) || die "ns-scan-limit failed: $c_line"
    echo "$c_line" >"$OUT/ns-scan-limit-$n.log"
    c_med=$(field median "$c_line") c_p90=$(field p90 "$c_line") c_tasks=$(field tasks "$c_line")
    [[ -n $c_med ]] || die "cannot parse ns-scan-limit output: $c_line"
    echo "   C limit:  $c_line" >&2
    # The same reads as a default full scan (ns links, stat, every fd link, one mountinfo per mount namespace).
    r_line=$("$OUT/resync-limit" -r "$REPEAT" 2>&1 >/dev/null) || die "resync-limit failed: $r_line"
    r_med=$(field median "$r_line")
    echo "   C resync: $r_line" >&2

    # samples=S processes=P namespaces=K min=Xms median=Xms p90=Xms max=Xms
    # (-r is short for the exporter's --repeats option)
    # Inventory only (every extra discovery stage off), then each stage on its own, then the default.
    off="--no-collector.fd --no-collector.threads --no-collector.mountinfo --no-collector.hierarchy --no-collector.net --no-collector.mnt --no-collector.uts --no-collector.user --no-collector.pid"
    i_line=$("$EXPORTER" bench-sample -r "$REPEAT" $off)
    f_line=$("$EXPORTER" bench-sample -r "$REPEAT" $off --collector.fd)
    m_line=$("$EXPORTER" bench-sample -r "$REPEAT" $off --collector.mountinfo)
    i_med=$(field median "$i_line") f_med=$(field median "$f_line") m_med=$(field median "$m_line")
    e_line=$("$EXPORTER" bench-sample -r "$REPEAT") || die "$EXPORTER bench-sample failed (its error above)"
    echo "$e_line" >"$OUT/exporter-$n.log"
    e_med=$(field median "$e_line") e_p90=$(field p90 "$e_line")
    e_procs=$(field processes "$e_line") e_ns=$(field namespaces "$e_line") e_cold=$(field cold "$e_line")
    e_render=$(field render_median "$e_line") e_event=$(field event_median "$e_line") e_resync=$(field resync_diff "$e_line")
    [[ -n $e_med ]] || die "cannot parse exporter output: $e_line"
    echo "   exporter: $e_line" >&2

    # lsns -J: a separate process per run, so hyperfine (or 3 timed runs).
    lsns_how=hyperfine
    if command -v hyperfine >/dev/null &&
        hyperfine -N --runs 3 --style basic --export-json "$OUT/lsns-$n.json" 'lsns -J' \
            >"$OUT/lsns-$n.log" 2>&1; then
        l_med=$(sed -n 's/.*"median": *\([0-9.e+-]*\).*/\1/p' "$OUT/lsns-$n.json" | head -1)
        l_med=$(awk -v s="$l_med" 'BEGIN { printf "%.1f", s * 1000 }')
    else
        lsns_how=date
        runs=()
        for _ in 1 2 3; do
            s=$(date +%s%N); lsns -J >/dev/null; runs+=($(( ($(date +%s%N) - s) / 1000 )))
        done
        l_med=$(awk -v us="$(median3 "${runs[@]}")" 'BEGIN { printf "%.1f", us / 1000 }')
    fi
    echo "   lsns -J:  median ${l_med} ms ($lsns_how)" >&2

    t0=$(date +%s%N)
    stop_workload
    stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    left=$(workload_left)
    net_after=$(netns)
    echo "   stopped in $stop_ms ms; net namespaces before/after: $net_before/$net_after" >&2
    [[ -z $left ]] || die "workload processes left: $(tr '\n' ' ' <<<"$left")"

    ratio=$(awk -v e="$e_med" -v c="$c_med" 'BEGIN { printf "%.2f", (c > 0 ? e / c : 0) }')
    cold_ratio=$(awk -v e="$e_cold" -v c="$c_med" 'BEGIN { printf "%.2f", (c > 0 ? e / c : 0) }')
    rows+=("$(printf '%7s %9s %10s %12s %12s %7s %10s %7s %12s' \
        "$n" "$c_tasks" "$e_ns" "$e_med" "$c_med" "$ratio" "$e_cold" "$cold_ratio" "$l_med")")
    rows2+=("$(printf '%7s %12s %14s %16s' "$n" "$e_render" "$e_event" "$e_resync")")
    s_bytes=$(field snapshot_bytes "$e_line") s_gz=$(field snapshot_gzip_bytes "$e_line")
    m_bytes=$(field body_bytes "$e_line") m_gz=$(field metrics_gzip_bytes "$e_line")
    rows5+=("$(printf '%7s %12s %10s %6s %10s %9s %12s %10s %6s %9s %10s' "$n" \
        "$s_bytes" "$s_gz" "$(awk -v a="$s_bytes" -v b="$s_gz" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')" \
        "$(field snapshot_ms "$e_line")" "$(field snapshot_gzip_ms "$e_line")" \
        "$m_bytes" "$m_gz" "$(awk -v a="$m_bytes" -v b="$m_gz" 'BEGIN { printf "%.1f", (b > 0 ? a / b : 0) }')" \
        "$(field metrics_gzip_ms "$e_line")" "$(field openmetrics_ms "$e_line")")")
    stage_row=$(for st in processes cgroup fd threads mountinfo ioctls hierarchy leaders limits; do
        printf ' %9s' "$(field "stage_$st" "$e_line")"; done)
    rows4+=("$(printf '%7s%s' "$n" "$stage_row")")
    rows3+=("$(printf '%7s %14s %12s %16s %14s %8s' "$n" "$i_med" "$f_med" "$m_med" "$e_med" \
        "$(awk -v e="$e_med" -v i="$i_med" 'BEGIN { printf "%.2f", (i > 0 ? e / i : 0) }')")")
    json+=("$(printf '{"n": %s, "private_every": %s, "repeat": %s, "processes": %s, "exporter_processes": %s, "exporter_namespaces": %s, "exporter_median_ms": %s, "exporter_p90_ms": %s, "exporter_cold_ms": %s, "inventory_only_ms": %s, "with_fd_ms": %s, "with_mountinfo_ms": %s, "render_ms": %s, "event_us": %s, "resync_diff_ms": %s, "snapshot_bytes": %s, "snapshot_gzip_bytes": %s, "snapshot_ms": %s, "snapshot_gzip_ms": %s, "metrics_gzip_bytes": %s, "metrics_gzip_ms": %s, "openmetrics_ms": %s, "c_limit_median_ms": %s, "c_limit_p90_ms": %s, "ratio_exporter_to_c": %s, "c_resync_median_ms": %s, "ratio_resync_to_c": %s, "lsns_median_ms": %s, "lsns_timed_by": "%s", "start_netns": %s, "end_netns": %s, "teardown_ms": %s}' \
        "$n" "$PRIVATE" "$REPEAT" "$c_tasks" "$e_procs" "$e_ns" "$e_med" "$e_p90" "$e_cold" "$i_med" "$f_med" "$m_med" "$e_render" "$e_event" "$e_resync" \
        "$s_bytes" "$s_gz" "$(field snapshot_ms "$e_line")" "$(field snapshot_gzip_ms "$e_line")" "$m_gz" "$(field metrics_gzip_ms "$e_line")" "$(field openmetrics_ms "$e_line")" \
        "$c_med" "$c_p90" "$ratio" "$r_med" "$(awk -v e="$e_med" -v c="$r_med" 'BEGIN { printf "%.2f", (c > 0 ? e / c : 0) }')" "$l_med" "$lsns_how" "$net_before" "$net_after" "$stop_ms")")
done

printf '\n%7s %9s %10s %12s %12s %7s %10s %7s %12s\n' N processes namespaces "exporter ms" "C limit ms" ratio "cold ms" ratio "lsns -J ms"
printf '%s\n' "${rows[@]}"
echo "(medians of $REPEAT in-process samples, each reusing the previous one's answers as the server does;"
echo " cold = the first sample, nothing to reuse; lsns: median of 3 runs; ratio = exporter / C limit)"
printf '\n%7s %12s %14s %16s\n' N "render ms" "per event us" "resync diff ms"
printf '%s\n' "${rows2[@]}"
echo "(render: /metrics body per sample; per event: re-read one process and apply it to the host model, median;"
echo " resync diff: the host model's comparison with one full scan, after the scan itself)"
printf '\n%7s %14s %12s %16s %14s %8s\n' N "inventory ms" "+fd ms" "+mountinfo ms" "default ms" "ratio"
printf '%s\n' "${rows3[@]}"
echo "(discovery stages: inventory only = every discovery stage and per-namespace collector off (--no-collector.fd, .threads, .mountinfo, .hierarchy, .net, .mnt, .uts, .user, .pid);"
echo " +fd / +mountinfo: that stage alone on; default: all on; ratio = default / inventory only)"
printf '\n%7s %12s %10s %6s %10s %9s %12s %10s %6s %9s %10s\n' N "snapshot B" "gzip B" ratio "build ms" "gzip ms" "metrics B" "gzip B" ratio "gzip ms" "OM ms"
printf '%s\n' "${rows5[@]}"
echo "(per sample: the JSON snapshot built and encoded, gzip'd (level 6); /metrics gzip'd; the OpenMetrics body rendered)"
printf '\n%7s' N; for st in processes cgroup fd threads mountinfo ioctls hierarchy leaders limits; do printf ' %9s' "$st"; done; echo
printf '%s\n' "${rows4[@]}"
echo "(median ms per stage in the default sample: namespace_exporter_stage_duration_seconds)"

{
    printf '{\n  "date": "%s",\n  "host": {"kernel": "%s", "cpus": %s},\n' \
        "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(uname -r)" "$(nproc)"
    printf '  "exporter": "%s",\n  "results": [\n' "$EXPORTER"
    for i in "${!json[@]}"; do
        printf '    %s%s\n' "${json[$i]}" "$([[ $i -lt $((${#json[@]} - 1)) ]] && echo ,)"
    done
    printf '  ]\n}\n'
} >"$OUT/sample.json"
echo "wrote $OUT/sample.json" >&2
