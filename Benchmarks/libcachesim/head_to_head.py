#!/usr/bin/env python3
"""VMLab's `compare` against libCacheSim 0.3.5 on the same policy x size sweep, in one interleaved run.

Each round runs both sweeps once, whole process under /usr/bin/time, the order alternating from round to round,
both with `--jobs` cells at a time. Prints min / median / max wall time and peak RSS of each, the ratio of the
medians, and checks that both give the same faults in every cell (libCacheSim caches nothing below a few frames
for 2q and s3-fifo: such cells are listed, not hidden).

    python head_to_head.py --vmlab .build/release/vmlab --python .build/libcachesim-venv/bin/python \
        --trace Output/bench/zipf.oracleGeneral --policies lru,fifo --frames 1000,10000 --jobs 2 --rounds 3
"""
import argparse
import csv
import io
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command):
    """Runs `command` under /usr/bin/time; returns (stdout, wall seconds, peak RSS in MB)."""
    with tempfile.NamedTemporaryFile("r") as report:
        completed = subprocess.run(
            ["/usr/bin/time", "-o", report.name, "-f", "%e %M"] + command,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if completed.returncode != 0:
            sys.exit(f"failed ({completed.returncode}): {' '.join(command)}\n{completed.stderr}")
        wall, rss = report.read().split()[-2:]
    return completed.stdout, float(wall), int(rss) / 1024


def faults_by_cell(text, policy_column="policy"):
    return {(row[policy_column], int(row["frames"])): int(row["faults"]) for row in csv.DictReader(io.StringIO(text))}


def spread(values):
    return f"{min(values):.2f} / {statistics.median(values):.2f} / {max(values):.2f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vmlab", required=True)
    parser.add_argument("--python", required=True, help="a Python with libcachesim==0.3.5 installed")
    parser.add_argument("--trace", required=True)
    parser.add_argument("--policies", required=True)
    parser.add_argument("--frames", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    vmlab = [options.vmlab, "compare", "--trace", options.trace, "--format", "oracle-general",
             "--policies", options.policies, "--frames", options.frames, "--jobs", str(options.jobs), "--csv"]
    peer = [options.python, os.path.join(HERE, "sweep.py"), "--trace", options.trace,
            "--policies", options.policies, "--frames", options.frames, "--jobs", str(options.jobs)]
    runs = {"vmlab": [], "libcachesim": []}
    outputs = {}
    for round_number in range(options.rounds):
        order = ["vmlab", "libcachesim"] if round_number % 2 == 0 else ["libcachesim", "vmlab"]
        for name in order:
            output, wall, rss = timed(vmlab if name == "vmlab" else peer)
            runs[name].append((wall, rss))
            outputs[name] = output
        print(f"round {round_number + 1} of {options.rounds}: vmlab {runs['vmlab'][-1][0]:.2f} s, "
              f"libcachesim {runs['libcachesim'][-1][0]:.2f} s", file=sys.stderr, flush=True)
    ours, theirs = faults_by_cell(outputs["vmlab"]), faults_by_cell(outputs["libcachesim"])
    cells = len(ours)
    print(f"{len(options.policies.split(','))} policies x {len(options.frames.split(','))} sizes = {cells} cells, "
          f"--jobs {options.jobs}, {options.rounds} rounds (min / median / max)")
    print(f"{'program':<12} {'wall s':>24} {'peak RSS MB':>24}")
    for name in ("vmlab", "libcachesim"):
        walls, rsses = [w for w, _ in runs[name]], [r for _, r in runs[name]]
        print(f"{name:<12} {spread(walls):>24} {spread(rsses):>24}")
    ratio = statistics.median(w for w, _ in runs["libcachesim"]) / statistics.median(w for w, _ in runs["vmlab"])
    print(f"libcachesim / vmlab (median wall): {ratio:.2f}x")
    differing = sorted(cell for cell in ours if theirs.get(cell) != ours[cell])
    print(f"same faults in {cells - len(differing)} of {cells} cells")
    for policy, frames in differing:
        print(f"  differs: {policy} at {frames} frames: vmlab {ours[(policy, frames)]}, "
              f"libcachesim {theirs.get((policy, frames))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
