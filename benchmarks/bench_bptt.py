"""BPTT speed: numpy vs torch autograd, the page's compute per redraw at its heaviest, and slider-to-redraw.

    .venv/bin/python -m benchmarks.bench_bptt                 # all three parts
    .venv/bin/python -m benchmarks.bench_bptt --no-browser    # compute only
    OMP_NUM_THREADS=1 .venv/bin/python -m benchmarks.bench_bptt   # one BLAS/OpenMP thread (see the note printed)

Prints figures; asserts nothing (timings depend on the machine and on what else runs on it).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable

from core.rnn import RNNConfig, bptt_gradient_norms, make_rnn, updates_from


def _median_ms(fn: Callable[[], object], repeats: int) -> float:
    fn()  # warm-up (imports, allocations)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def numpy_vs_torch(repeats: int) -> None:
    from core.reference import rnn_autograd_norms

    print("numpy BPTT (explicit Jacobian-transpose products) vs torch autograd, plain tanh RNN, float64")
    print(f"{'steps':>6} {'hidden':>7} {'numpy ms':>10} {'torch ms':>10} {'torch/numpy':>12}")
    for steps in (50, 200, 1000):
        for hidden in (32, 128):
            cfg = RNNConfig(steps=steps, hidden=hidden)
            net = make_rnn(cfg)
            a = _median_ms(lambda cfg=cfg, net=net: bptt_gradient_norms(cfg, net), repeats)
            b = _median_ms(lambda cfg=cfg, net=net: rnn_autograd_norms(cfg, net), repeats)
            print(f"{steps:>6} {hidden:>7} {a:>10.1f} {b:>10.1f} {b / a:>11.1f}×", flush=True)


def heaviest_redraw(repeats: int) -> None:
    """Everything the page computes and draws at 500 steps × 256 units with RNN, LSTM and GRU overlaid."""
    from ui import bptt_figures as bf
    from ui import bptt_words as words

    base = dict(steps=500, hidden=256)
    cfgs = {c: RNNConfig(**base, cell=c) for c in ("rnn", "lstm", "gru")}

    def compute(cells):
        return [bptt_gradient_norms(cfgs[c]) for c in cells]

    results = compute(cfgs)

    def draw():
        u = updates_from(results[0], 0.01, threshold=1.0)
        for fig in (bf.norms_figure(results), bf.diagram_figure(results[0]), bf.heatmap_figure(results[0]),
                    bf.factors_figure(results), bf.clip_figure(u)):
            fig.to_json()  # what Streamlit sends to the browser
        words.norms_sentence(results), words.factors_sentence(results)
        words.heatmap_sentence(results[0], bf.HEAT_UNITS, bf.HEAT_STEPS)

    print("\nCompute per redraw at the heaviest settings (500 steps, hidden 256, RNN + LSTM + GRU):")
    parts = {c: _median_ms(lambda c=c: compute([c]), repeats) for c in cfgs}
    for c, ms in parts.items():
        print(f"  {c:<4} gradients (uncached): {ms:7.1f} ms")
    figs = _median_ms(draw, repeats)
    print(f"  clipping panel + five figures + summaries: {figs:7.1f} ms")
    print(f"  uncached total (a control that changes every cell, e.g. steps): {sum(parts.values()) + figs:7.1f} ms")
    print(f"  an RNN-only control (activation, clipping; LSTM/GRU from st.cache_data): "
          f"{parts['rnn'] + figs:7.1f} ms")
    print("  a control seen before (any cached state): the figures only, "
          f"{figs:7.1f} ms; torch runs behind a spinner when it must")


def slider_to_redraw(presses: int) -> None:
    from benchmarks.redraw import PAGES, ROOT, floor, measure_redraw, report, server

    print("\nSlider-to-redraw in Chromium (key press on 'Weight scale' -> new data in the first chart):")
    base = floor(presses)
    floor_median = statistics.median(base)
    print("  " + report("bare page", base, None))
    with server(ROOT / "app.py") as url:
        times = measure_redraw(url, "/bptt?steps=200&hidden=64", "Weight scale", presses, 0)
        # Another page of the same app, same server: what the app shell itself (router, sidebar, URL-bound
        # widgets) adds over the bare one-script page, so the ratio above can be read fairly.
        path, label, chart = PAGES["chain"]
        other = measure_redraw(url, path, label, presses, chart)
    print("  " + report("/bptt 200×64", times, floor_median))
    print("  " + report("/chain (ref.)", other, floor_median))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--presses", type=int, default=20)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args()
    threads = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    print(f"threads: {threads} (numpy's OpenBLAS threads spin while torch works: on a busy 2-core machine "
          "OMP_NUM_THREADS=1 makes both several times faster)\n")
    numpy_vs_torch(args.repeats)
    heaviest_redraw(args.repeats)
    if not args.no_browser:
        slider_to_redraw(args.presses)


if __name__ == "__main__":
    main()
