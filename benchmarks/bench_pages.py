"""Compute time per redraw: one full script run of each page at its heaviest settings (AppTest, no browser).

    .venv/bin/python -m benchmarks.bench_pages [--runs 10] [--only chain activations]

This is the Python side of a slider move (core + figures + Streamlit elements); benchmarks/redraw.py
measures the whole round trip in Chromium.
"""

from __future__ import annotations

import argparse
import statistics
import time

from tests.apptest import open_page

# page -> URL parameters for its heaviest view (labels, not option names, for bound select widgets)
HEAVY: dict[str, dict] = {
    "home": {},
    "chain": {"act": "Sigmoid", "depth": 100, "spread": 10.0},
    "activations": {"fn": "ELU", "span": 20.0, "compare": ["Sigmoid", "tanh", "ReLU", "Leaky ReLU", "PReLU"]},
    "bptt": {"steps": 500, "hidden": 256, "cells": ["RNN", "LSTM", "GRU"]},
    "deep": {"depth": 100, "width": 512},
    "training": {},  # the page before Run: training itself is timed by bench_training
    "tour": {"step": 8},  # two before/after pairs of 30-layer networks (its guess steps draw after the answer)
    "remedies": {},  # ten networks and three RNNs, measured once and cached
    "glossary": {},
}


def time_reruns(page: str, query: dict, runs: int) -> list[float]:
    """Milliseconds per rerun of the page after a first (warm-up, cache-filling) run.

    Cached results are what a learner nudging one slider back and forth gets; the first, uncached
    computation at these settings is timed separately by each page's own benchmark (bench_bptt, bench_deep).
    """
    at = open_page(page, **query)
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--only", nargs="*")
    args = ap.parse_args()
    for page, query in HEAVY.items():
        if args.only and page not in args.only:
            continue
        t = time_reruns(page, query, args.runs)
        print(f"{page:<12} median {statistics.median(t):7.1f} ms   max {max(t):7.1f} ms   "
              f"({args.runs} reruns, {query})")


if __name__ == "__main__":
    main()
