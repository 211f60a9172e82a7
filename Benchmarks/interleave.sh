#!/usr/bin/env bash
# Compares two vmlab binaries in one interleaved run, so that both see the same machine noise:
#
#   Benchmarks/interleave.sh BASELINE CANDIDATE [ROUNDS] [POLICIES]
#
# Each round runs `bench --quick` (10M-access Zipf trace streamed and in memory, full machine with three processes)
# and a whole-process `simulate` of the Zipf trace (LRU, 10,000 frames, /usr/bin/time) with both binaries; the
# order of the two alternates between rounds. Prints min/median/max accesses per second for every figure, and
# writes every measurement to Output/bench/interleave/. Needs python3 for the summary.
set -euo pipefail
if [ $# -lt 2 ]; then
    echo "usage: $0 BASELINE CANDIDATE [ROUNDS] [POLICIES]" >&2
    exit 2
fi
baseline=$1
candidate=$2
rounds=${3:-5}
policies=${4:-lru,clock,arc,s3-fifo}
zipf=Output/bench/zipf.oracleGeneral
out=Output/bench/interleave
for binary in "$baseline" "$candidate"; do
    [ -x "$binary" ] || { echo "$0: $binary is not an executable" >&2; exit 2; }
done
mkdir -p "$out"
rm -f "$out"/*.json "$out"/*.time
"$baseline" bench --quick --repetitions 1 --policies lru --zipf "$zipf" >/dev/null # generates the trace once

run() { # label binary round
    "$2" bench --quick --repetitions 1 --policies "$policies" --zipf "$zipf" --output "$out/$1-$3.json" >/dev/null
    /usr/bin/time -f "%e %M" -o "$out/$1-$3.time" "$2" simulate --trace "$zipf" --format oracle-general \
        --policy lru --frames 10000 >/dev/null
}
for round in $(seq 1 "$rounds"); do
    if [ $((round % 2)) -eq 1 ]; then
        run baseline "$baseline" "$round"
        run candidate "$candidate" "$round"
    else
        run candidate "$candidate" "$round"
        run baseline "$baseline" "$round"
    fi
    echo "round $round of $rounds done" >&2
done

python3 - "$out" <<'EOF'
import glob, json, os, statistics, sys
out = sys.argv[1]
rates = {}
for label in ("baseline", "candidate"):
    for path in glob.glob(f"{out}/{label}-*.json"):
        for m in json.load(open(path)):
            key = (m["mode"], os.path.basename(m["workload"]), m["policy"], m["frames"])
            rates.setdefault(key, {}).setdefault(label, []).append(m["accesses"] / statistics.median(m["seconds"]) / 1e6)
    for path in glob.glob(f"{out}/{label}-*.time"):
        seconds, kilobytes = open(path).read().split()
        key = ("process", "zipf (wall s, lower is better)", "lru", 10000)
        rates.setdefault(key, {}).setdefault(label, []).append(float(seconds))
        key = ("process", "zipf (peak MB)", "lru", 10000)
        rates.setdefault(key, {}).setdefault(label, []).append(int(kilobytes) / 1024)
def fmt(values):
    return f"{min(values):7.2f} {statistics.median(values):7.2f} {max(values):7.2f}"
print(f"{'mode':10} {'workload':34} {'policy':8} {'baseline min/med/max':24} {'candidate min/med/max':24} ratio")
for key in sorted(rates):
    base, cand = rates[key].get("baseline", []), rates[key].get("candidate", [])
    if not base or not cand:
        continue
    ratio = statistics.median(cand) / statistics.median(base)
    print(f"{key[0]:10} {key[1]:34} {key[2]:8} {fmt(base):24} {fmt(cand):24} {ratio:5.2f}")
print("M accesses/s unless stated; ratio = candidate median / baseline median")
EOF
