"""Why redraws slowed down while a class trained: training threads in the server process hold the GIL.

Times page reruns (AppTest, in this process, as the server runs them) while N trainings run, first as threads
in this process (how the training page used to run them), then in the training service's worker processes.

    .venv/bin/python -m benchmarks.bench_contention                 # 4 trainings, /bptt and /deep reruns
    .venv/bin/python -m benchmarks.bench_contention --runs 2 --reruns 5 --pages chain
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import threading
import time

from core.jobs import TrainingService
from core.training import TrainConfig, train
from tests.apptest import open_page

PAGES = {"chain": {"depth": 100}, "bptt": {"steps": 200, "hidden": 64}, "deep": {"depth": 50, "width": 256}}
LONG = TrainConfig(model="lstm", length=60, steps=1_000_000, time_budget_s=300.0, stop_when_solved=False)


def reruns(page: str, n: int) -> list[float]:
    at = open_page(page, **PAGES[page])  # first run fills the caches; then time reruns
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    return times


def report(label: str, pages: list[str], n: int, base: dict[str, float] | None = None) -> dict[str, float]:
    out = {}
    for page in pages:
        med = statistics.median(reruns(page, n))
        out[page] = med
        ratio = f"  ({med / base[page]:.1f}x idle)" if base else ""
        print(f"  {label:34s} /{page:6s} rerun median {1000 * med:7.1f} ms{ratio}", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=4, help="trainings running meanwhile")
    ap.add_argument("--reruns", type=int, default=10)
    ap.add_argument("--pages", default="bptt,deep")
    args = ap.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    cfgs = [dataclasses.replace(LONG, seed=s) for s in range(args.runs)]

    base = report("idle", pages, args.reruns)

    stop = threading.Event()
    threads = [threading.Thread(target=lambda c=c: [None for _ in train(c, should_stop=stop.is_set)], daemon=True)
               for c in cfgs]
    for t in threads:
        t.start()
    time.sleep(2)
    report(f"{args.runs} trainings as threads", pages, args.reruns, base)
    stop.set()
    for t in threads:
        t.join()

    svc = TrainingService()
    svc.warm(wait_s=120)
    for c in cfgs:
        svc.submit(c, "bench")
    time.sleep(2)
    report(f"{args.runs} trainings in {svc.n_workers} processes", pages, args.reruns, base)
    svc.close()


if __name__ == "__main__":
    main()
