#!/usr/bin/env bash
# Whole-process LRU on the Zipf trace, several programs in one interleaved run, so that all see the same machine:
#
#   Benchmarks/whole-process.sh TRACE ROUNDS LABEL=COMMAND...
#
#   Benchmarks/whole-process.sh Output/bench/zipf.oracleGeneral 7 \
#       base="/tmp/vmlab-base simulate --trace TRACE --format oracle-general --policy lru --frames 10000" \
#       new=".build/release/vmlab simulate --trace TRACE --format oracle-general --policy lru --frames 10000" \
#       c="Benchmarks/baseline/lru_oracle TRACE 10000"
#
# TRACE in a command is replaced by the trace's path. Each round runs every command once under /usr/bin/time; the
# order rotates from round to round. Set LOAD=1 to keep one core busy (`yes > /dev/null`) for the whole run. Prints
# min / median / max of wall time, user and system CPU and peak RSS per program, and the ratio of every program's
# median wall time to the last one's (the C baseline, when it is given last). Needs python3.
set -euo pipefail
if [ $# -lt 3 ]; then
    echo "usage: $0 TRACE ROUNDS LABEL=COMMAND..." >&2
    exit 2
fi
trace=$1
rounds=$2
shift 2
labels=()
commands=()
for spec in "$@"; do
    labels+=("${spec%%=*}")
    commands+=("${spec#*=}")
done
out=$(mktemp -d)
trap 'rm -rf "$out"; [ -n "${loader:-}" ] && kill "$loader" 2>/dev/null || true' EXIT
if [ "${LOAD:-0}" = 1 ]; then
    yes >/dev/null &
    loader=$!
fi
count=${#labels[@]}
for round in $(seq 1 "$rounds"); do
    for offset in $(seq 0 $((count - 1))); do
        index=$(((round + offset) % count))
        command=${commands[$index]//TRACE/$trace}
        # shellcheck disable=SC2086 # the command is split into words on purpose
        /usr/bin/time -f "%e %U %S %M" -a -o "$out/${labels[$index]}.time" $command >/dev/null
    done
    echo "round $round of $rounds done (load $(cut -d' ' -f1 /proc/loadavg))" >&2
done
python3 - "$out" "${labels[@]}" <<'PY'
import statistics, sys
out, labels = sys.argv[1], sys.argv[2:]
rows = {}
for label in labels:
    rows[label] = [list(map(float, line.split())) for line in open(f"{out}/{label}.time") if line.strip()]
def fmt(values, scale=1.0, digits=2):
    values = [v * scale for v in values]
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f} / {max(values):.{digits}f}"
last = statistics.median(r[0] for r in rows[labels[-1]])
print(f"{'program':10} {'wall s (min/med/max)':22} {'user s':20} {'sys s':20} {'peak RSS MB':22} wall/{labels[-1]}")
for label in labels:
    r = rows[label]
    wall = [x[0] for x in r]
    ratios = sorted(w / l for w, l in zip(wall, (x[0] for x in rows[labels[-1]])))
    print(f"{label:10} {fmt(wall):22} {fmt([x[1] for x in r]):20} {fmt([x[2] for x in r]):20} "
          f"{fmt([x[3] for x in r], 1 / 1024, 1):22} {statistics.median(wall) / last:.2f} "
          f"(per round {ratios[0]:.2f}-{ratios[-1]:.2f})")
PY
