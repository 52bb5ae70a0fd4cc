"""Figures for the training page: wall time of the default comparison, time per training step per model,
and (with --seeds N) the default story checked over N seeds: outcome and held-out score per model per seed.

    .venv/bin/python benchmarks/bench_training.py                 # timing (default comparison + per-step)
    .venv/bin/python benchmarks/bench_training.py --seeds 10      # also the seed table
    .venv/bin/python benchmarks/bench_training.py --seeds 10 --models rnn,lstm,gru,irnn,attention --lr 0.02

Timings depend on what else the machine is doing: run it on a quiet machine for the real figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.training import MODELS, TrainConfig, train  # noqa: E402

DEFAULT_MODELS = ("rnn", "lstm", "gru")  # what pages/training.py compares by default


def score(p) -> str:
    return "   —   " if p.score is None else f"{p.score:7.4f}"


def run(cfg: TrainConfig):
    t0 = time.perf_counter()
    items = list(train(cfg))
    return items[-1], time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=0, help="check the default story over this many seeds")
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS))
    ap.add_argument("--repeats", type=int, default=1, help="timing repeats of the default comparison")
    ap.add_argument("--step-runs", type=int, default=3, help="repeats of the 100-step per-model timing")
    for f in ("task", "length", "hidden", "lr", "steps", "batch"):
        ap.add_argument(f"--{f}", type=type(getattr(TrainConfig(), f)), default=None)
    args = ap.parse_args()
    overrides = {f: getattr(args, f) for f in ("task", "length", "hidden", "lr", "steps", "batch")
                 if getattr(args, f) is not None}
    base = dataclasses.replace(TrainConfig(), **overrides)
    models = [m for m in args.models.split(",") if m]
    print(f"settings: {base}")

    for r in range(args.repeats):
        total, rows = 0.0, []
        for m in models:
            p, dt = run(dataclasses.replace(base, model=m))
            total += dt
            rows.append(f"  {MODELS[m]:28s} {p.outcome:10s} steps {p.step:4d}  {dt:5.2f} s  "
                        f"{1000 * dt / max(p.step, 1):5.2f} ms/step  score {score(p)}")
        print(f"default comparison (seed {base.seed}, run {r + 1}): {total:.2f} s wall (target <= 15 s)")
        print("\n".join(rows))

    print(f"\ntime per training step, every model ({args.step_runs} x 100 steps, lr 0.001 so none diverges, median):")
    for m in MODELS:
        times = []
        for _ in range(args.step_runs):
            cfg = dataclasses.replace(base, model=m, steps=100, lr=1e-3, stop_when_solved=False)
            p, dt = run(cfg)
            times.append(1000 * dt / max(p.step, 1))
        print(f"  {MODELS[m]:28s} {statistics.median(times):6.2f} ms/step  (range {min(times):.2f}-{max(times):.2f})")

    if args.seeds:
        print(f"\nstory over seeds 0..{args.seeds - 1} (outcome / held-out score / steps):")
        print("seed  " + "  ".join(f"{m:>26s}" for m in models))
        tally = {m: 0 for m in models}
        for s in range(args.seeds):
            cells = []
            for m in models:
                p, _ = run(dataclasses.replace(base, model=m, seed=s))
                tally[m] += p.outcome == "solved"
                cells.append(f"{p.outcome:>10s} {score(p)} {p.step:5d}")
            print(f"{s:4d}  " + "  ".join(f"{c:>26s}" for c in cells), flush=True)
        print("solved: " + ", ".join(f"{m} {tally[m]}/{args.seeds}" for m in models))


if __name__ == "__main__":
    main()
