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
}


def time_reruns(page: str, query: dict, runs: int) -> list[float]:
    """Milliseconds per rerun of the page after a first (warm-up, cache-filling) run."""
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
