# common.sh -- what every bench script starts with; source it after naming
# the script: `BENCH_NAME=serve-bench; source "$(dirname "$0")/common.sh"`.
# Leaves the working directory at the repository root and sets ROOT, OUT,
# EXPORTER and SHARED_BENCH; gives die, free_port and wait_port.
ROOT=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
cd "$ROOT"
OUT=bench/out
mkdir -p "$OUT"
EXPORTER=${EXPORTER:-.build/release/namespace_exporter}
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}

die() { echo "${BENCH_NAME:-bench}: $*" >&2; exit 1; }
[[ $EUID -eq 0 ]] || die "run as root (creating namespaces and reading every /proc/PID/ns needs it)"
[[ -x $EXPORTER ]] || die "no exporter at $EXPORTER (swift build -c release, or set EXPORTER)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# wait_port PORT PATH: until the server there answers, at most 10 s.
wait_port() { for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$1/$2" && return 0; sleep 0.05; done; return 1; }
