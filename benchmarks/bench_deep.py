"""Deep-networks page: compute time per redraw, and slider-to-redraw in Chromium against the bare-page floor.

    .venv/bin/python -m benchmarks.bench_deep                 # compute table + browser figures
    .venv/bin/python -m benchmarks.bench_deep --compute-only
    OPENBLAS_NUM_THREADS=1 .venv/bin/python -m benchmarks.bench_deep   # BLAS on one thread (see the note printed)

A redraw after a control changes computes two networks (the one shown and the other side of the before/after
fix); the random weight draws are cached per layer by the page, so "warm" is what a slider move costs and "cold"
what the very first visit to a width/seed costs. Printed figures, never assertions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from core import deepnet

SIZES = [(20, 256), (50, 256), (100, 256), (20, 512), (50, 512), (100, 512)]
BATCH = 128  # as pages/deep.py


def _best_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return min(times)


def compute_table(repeats: int = 3) -> None:
    print(f"BLAS threads: OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', 'unset (all cores)')}")
    print(f"{'depth':>5} {'width':>5}  {'draws (cold)':>12}  {'one pass':>9}  {'redraw = 2 passes':>17}  "
          f"{'orthogonal draws':>16}")
    for depth, width in SIZES:
        cfg = deepnet.DeepNetConfig(depth=depth, width=width, activation="sigmoid", init="xavier", batch=BATCH)
        draws = _best_of(lambda d=depth, w=width: [deepnet.base_layer(w, "xavier", 0, i) for i in range(d)], repeats)
        base = [deepnet.base_layer(width, "xavier", 0, i) for i in range(depth)]
        one = _best_of(lambda c=cfg, b=base: deepnet.layer_gradient_stats(c, b), repeats)
        without, with_bn = deepnet.remedy_pair(cfg, "batch_norm")
        two = _best_of(lambda a=without, c=with_bn, b=base: (deepnet.layer_gradient_stats(a, b),
                                                             deepnet.layer_gradient_stats(c, b)), repeats)
        ortho = _best_of(lambda d=depth, w=width: [deepnet.base_layer(w, "orthogonal", 0, i) for i in range(d)], 1)
        print(f"{depth:>5} {width:>5}  {draws:>9.0f} ms  {one:>6.0f} ms  {two:>14.0f} ms  {ortho:>13.0f} ms",
              flush=True)


def browser_figures(presses: int) -> None:
    from benchmarks.redraw import floor, measure_redraw, report, server
    from tests.e2e.browser import ROOT

    base = floor(presses)
    floor_median = statistics.median(base)
    print(report("bare page", base, floor_median))
    with server(ROOT / "app.py") as url:
        path = "/deep?depth=50&width=256"
        # Alternating right/left (the shared benchmark): after two warm-ups both depths are cached.
        print(report("deep cached", measure_redraw(url, path, "Depth (layers)", presses, 0), floor_median))
        print(report("deep lr", measure_redraw(url, path, "Learning rate", presses, 4), floor_median))
        # Always right, from a seed not used above: every press computes a network never seen before.
        times = measure_redraw(url, "/deep?depth=40&width=256&seed=11", "Depth (layers)", presses, 0, new_values=True)
        print(report("deep new", times, floor_median))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--compute-only", action="store_true")
    args = ap.parse_args()
    compute_table(args.repeats)
    if not args.compute_only:
        browser_figures(args.presses)


if __name__ == "__main__":
    main()
