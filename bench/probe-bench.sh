#!/usr/bin/env bash
# probe-bench.sh -- what one namespace_exporter probe costs per module, next
# to the least a probe can cost (clone-limit.c: clone with the same flags,
# sethostname/uname, exit, reap) and to unshare(1) running `true`.
#
# usage: bench/probe-bench.sh                 (run as root)
#
# env:  BENCH_PROBES     probes per module and tool                   (200)
#       EXPORTER         (default .build/release/namespace_exporter; must exist)
#       SHARED_BENCH     directory holding clone-limit.c (default <repo>/../shared/bench)
#
# The exporter's figure is a whole probe: clone, the child's setup, the
# parent's host-side checks, two more round trips through its pipes, and
# teardown until reaped; the C loop only clones, runs uname and reaps.
# Output: a table on stdout, figures as JSON in bench/out/probe.json, raw
# tool output in bench/out/probe-*.log.
set -euo pipefail

BENCH_NAME=probe-bench
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ITER=${BENCH_PROBES:-200}
[[ $ITER =~ ^[0-9]+$ ]] || die "BENCH_PROBES must be a number, got '$ITER'"
if [[ -d $SHARED_BENCH ]]; then LIMIT_SRC=$SHARED_BENCH/clone-limit.c; else LIMIT_SRC=$SHARED_BENCH; fi
[[ -f $LIMIT_SRC ]] || die "no $LIMIT_SRC (set SHARED_BENCH)"
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null 2>&1 || die "hyperfine is needed (apt-get install hyperfine)"
gcc -O2 -Wall -o "$OUT/clone-limit" "$LIMIT_SRC"

# Each module's three figures are taken back to back: this VM's speed drifts.
: >"$OUT/probe-clone-limit.log"; : >"$OUT/probe-exporter.log"

# module -> clone-limit variant and unshare(1) flags
declare -A VARIANT=([uts]=UTS [ipc]=IPC [net]=NET [pid]=PID [mnt]=NS [user]=USER [cgroup]=CGROUP [time]=TIME [all]=ALL)
declare -A UNSHARE=([uts]=-u [ipc]=-i [net]=-n [pid]=-pf [mnt]=-m [user]=-U [cgroup]=-C [time]=-T [all]=-uinpfmUCT)

column() { awk -F'|' -v key="$1" -v col="$2" '{ gsub(/ /, "", $2) } $2 == key { gsub(/ /, "", $(col)); print $(col) }' "$3"; }

printf '| module | exporter median us | exporter p99 us | C clone loop median us | C p99 us | ratio (median) | unshare(1) median us |\n'
printf '|---|---:|---:|---:|---:|---:|---:|\n'
json="{\"iterations\": $ITER, \"modules\": {"
sep=
for module in uts ipc net pid mnt user cgroup time all; do
    "$OUT/clone-limit" "$ITER" "${VARIANT[$module]}" >>"$OUT/probe-clone-limit.log"
    "$EXPORTER" bench-probe --iterations "$ITER" "$module" >>"$OUT/probe-exporter.log"
    ours=$(column "$module" 4 "$OUT/probe-exporter.log"); ours99=$(column "$module" 5 "$OUT/probe-exporter.log")
    c=$(column "${VARIANT[$module]}" 4 "$OUT/probe-clone-limit.log"); c99=$(column "${VARIANT[$module]}" 5 "$OUT/probe-clone-limit.log")
    hyperfine -N --warmup 5 --runs "$ITER" --export-json "$OUT/probe-unshare-$module.json" "unshare ${UNSHARE[$module]} true" >/dev/null 2>&1
    tool=$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['results'][0]['median']*1e6, 1))" "$OUT/probe-unshare-$module.json")
    ratio=$(python3 -c "print(round($ours / $c, 2))")
    printf '| %s | %s | %s | %s | %s | %s× | %s |\n' "$module" "$ours" "$ours99" "$c" "$c99" "$ratio" "$tool"
    json+="$sep\"$module\": {\"exporter_median_us\": $ours, \"exporter_p99_us\": $ours99, \"c_median_us\": $c, \"c_p99_us\": $c99, \"ratio\": $ratio, \"unshare_median_us\": $tool}"
    sep=", "
done
echo "$json}}" >"$OUT/probe.json"
