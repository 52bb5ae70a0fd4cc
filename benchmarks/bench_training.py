"""Figures for the training page: wall time of the default comparison, time per training step per model,
and (with --seeds N) the default story checked over N seeds: outcome and held-out score per model per seed.

The class section (on by default) drives the server's TrainingService (core.jobs) as the page does: one session
runs the default comparison; then --identical sessions press Run with the same (fresh) settings at once, which
must cost one training; then --distinct sessions press Run with distinct seeds, which queue for the workers.

    .venv/bin/python benchmarks/bench_training.py                 # class figures, timing, per-step
    .venv/bin/python benchmarks/bench_training.py --identical 3 --distinct 2 --steps 50 --step-runs 0  # quick check
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

from core.jobs import TrainingService  # noqa: E402
from core.training import MODELS, TrainConfig, train  # noqa: E402

DEFAULT_MODELS = ("rnn", "lstm", "gru")  # what pages/training.py compares by default


def score(p) -> str:
    return "   —   " if p.score is None else f"{p.score:7.4f}"


def run(cfg: TrainConfig):
    t0 = time.perf_counter()
    items = list(train(cfg))
    return items[-1], time.perf_counter() - t0


def press_run(svc: TrainingService, watchers: dict[str, list[TrainConfig]]) -> dict[str, float]:
    """Every watcher submits its configs at once; poll as the page does; seconds until each watcher saw all done."""
    t0 = time.perf_counter()
    for who, cfgs in watchers.items():
        for cfg in cfgs:
            svc.submit(cfg, who)
    finished: dict[str, float] = {}
    while len(finished) < len(watchers):
        time.sleep(0.1)
        for who, cfgs in watchers.items():
            if who not in finished and all(not (v := svc.watch(c, who)) or not v.active for c in cfgs):
                finished[who] = time.perf_counter() - t0
    return finished


def live_chart_cost(hists: dict, base: TrainConfig, repeats: int = 5) -> None:
    """What one live redraw costs a watcher: building the two figures (done once per progress step for everyone,
    pages/training.py caches them) against turning them into the message every watcher still gets."""
    import plotly

    from core.tasks import TASKS
    from ui.training_figures import grad_figure, loss_figure

    hists = {m: h for m, h in hists.items() if h}
    t0 = time.perf_counter()
    for _ in range(repeats):
        figs = [loss_figure(hists, TASKS[base.task], base.length), grad_figure(hists)]
    build = (time.perf_counter() - t0) / repeats
    t0 = time.perf_counter()
    for _ in range(repeats):
        for f in figs:
            plotly.io.to_json(plotly.tools.return_figure_from_figure_or_data(f, validate_figure=True), validate=False)
    send = (time.perf_counter() - t0) / repeats
    print(f"  live charts: building both {1000 * build:.0f} ms (once per step, shared), "
          f"sending both {1000 * send:.0f} ms per watcher per redraw")


def class_figures(base: TrainConfig, models: list[str], identical: int, distinct: int, workers: int | None) -> None:
    svc = TrainingService(workers=workers)
    svc.warm(wait_s=120)  # time training, not the workers' start
    try:
        comparison = [dataclasses.replace(base, model=m) for m in models]
        one = press_run(svc, {"one": comparison})["one"]
        print(f"class ({svc.n_workers} worker processes): one comparison of {len(models)} models: {one:.2f} s")
        live_chart_cost({c.model: svc.result(c) for c in comparison}, base)
        if identical:
            same = [dataclasses.replace(c, seed=base.seed + 1) for c in comparison]  # fresh: not in the store
            times = press_run(svc, {f"s{i}": same for i in range(identical)})
            print(f"  {identical} sessions, identical settings: all done within {max(times.values()):.2f} s "
                  f"({max(times.values()) / one:.2f}x one run; target <= 2x)")
        if distinct:
            own = {f"d{i}": [dataclasses.replace(c, seed=base.seed + 2 + i) for c in comparison]
                   for i in range(distinct)}
            times = press_run(svc, own)
            slow = max(times.values())
            print(f"  {distinct} sessions, distinct seeds: slowest {slow:.2f} s, {slow / one:.2f}x one run "
                  f"(target <= about 8x at 10 sessions on 2 cores); median {statistics.median(times.values()):.2f} s")
    finally:
        svc.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=0, help="check the default story over this many seeds")
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS))
    ap.add_argument("--repeats", type=int, default=1, help="timing repeats of the default comparison")
    ap.add_argument("--step-runs", type=int, default=3, help="repeats of the 100-step per-model timing")
    ap.add_argument("--identical", type=int, default=30, help="sessions pressing Run with the same settings")
    ap.add_argument("--distinct", type=int, default=10, help="sessions pressing Run with distinct seeds")
    ap.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    for f in ("task", "length", "hidden", "lr", "steps", "batch"):
        ap.add_argument(f"--{f}", type=type(getattr(TrainConfig(), f)), default=None)
    args = ap.parse_args()
    overrides = {f: getattr(args, f) for f in ("task", "length", "hidden", "lr", "steps", "batch")
                 if getattr(args, f) is not None}
    base = dataclasses.replace(TrainConfig(), **overrides)
    models = [m for m in args.models.split(",") if m]
    print(f"settings: {base}")
    if args.identical or args.distinct:
        class_figures(base, models, args.identical, args.distinct, args.workers)

    for r in range(args.repeats):
        total, rows = 0.0, []
        for m in models:
            p, dt = run(dataclasses.replace(base, model=m))
            total += dt
            rows.append(f"  {MODELS[m]:28s} {p.outcome:10s} steps {p.step:4d}  {dt:5.2f} s  "
                        f"{1000 * dt / max(p.step, 1):5.2f} ms/step  score {score(p)}")
        print(f"default comparison (seed {base.seed}, run {r + 1}): {total:.2f} s wall (target <= 15 s)")
        print("\n".join(rows))

    if args.step_runs:
        print(f"\ntime per training step, every model ({args.step_runs} x 100 steps, lr 0.001, median):")
    for m in MODELS if args.step_runs else ():
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
