#!/usr/bin/env python3
"""Runs a policy x size sweep of libCacheSim 0.3.5 (its C engine, through the Python binding's process_trace) on an
oracleGeneral trace, the way libCacheSim's cachesim runs one: every cell reads and decodes the trace again; cells
run in parallel, `--jobs` at a time (processes, one cell each). Prints one CSV row per cell (VMLab policy name,
frames, misses, seconds) and the wall time of the whole sweep on stderr.

    python sweep.py --trace Output/bench/zipf.oracleGeneral --policies lru,fifo --frames 1000,10000 --jobs 2

Policies are named as in VMLab, each mapped to the libCacheSim policy that `vmlab policies` says it matches.
"""
import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import libcachesim as lcs

# VMLab name -> (libCacheSim class, keyword arguments). Each pair gives the same misses at every size where
# libCacheSim caches at all (see `vmlab policies`: 2q from 4 frames, s3-fifo from 20).
POLICIES = {
    "lru": (lcs.LRU, {}),
    "fifo": (lcs.FIFO, {}),
    "fifo-reinsertion": (lcs.Clock, {"n_bit_counter": 1}),
    "arc": (lcs.ARC, {}),
    "2q": (lcs.TwoQ, {}),
    "lfu": (lcs.LFU, {}),
    "lru-k": (lcs.LRUK, {"k": 2}),
    "s3-fifo:threshold=2": (lcs.S3FIFO, {}),
    "sieve": (lcs.Sieve, {}),
    "opt": (lcs.Belady, {}),
}


def run_cell(cell):
    trace, policy, frames = cell
    start = time.perf_counter()
    reader = lcs.TraceReader(trace, lcs.TraceType.ORACLE_GENERAL_TRACE, lcs.ReaderInitParam(ignore_obj_size=True))
    kind, arguments = POLICIES[policy]
    cache = kind(frames, **arguments)
    miss_ratio, _ = cache.process_trace(reader)
    requests = reader.n_read_req
    return policy, frames, round(miss_ratio * requests), requests, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trace", required=True)
    parser.add_argument("--policies", required=True)
    parser.add_argument("--frames", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    policies = options.policies.split(",")
    unknown = [name for name in policies if name not in POLICIES]
    if unknown:
        print(f"unknown policy {', '.join(unknown)}; known: {', '.join(POLICIES)}", file=sys.stderr)
        return 2
    frames = [int(value) for value in options.frames.split(",")]
    cells = [(options.trace, policy, size) for policy in policies for size in frames]
    start = time.perf_counter()
    print("policy,frames,faults,accesses,seconds")
    with ProcessPoolExecutor(options.jobs) as pool:
        for policy, size, misses, requests, seconds in pool.map(run_cell, cells):
            print(f"{policy},{size},{misses},{requests},{seconds:.3f}", flush=True)
    print(f"libcachesim sweep: {len(cells)} cells in {time.perf_counter() - start:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
