"""Run every benchmark script in benchmarks/, one after another, each in its own process.

    .venv/bin/python benchmarks/run_all.py            # full sizes (slow: minutes; run on a quiet machine)
    .venv/bin/python benchmarks/run_all.py --quick    # tiny sizes: checks that each one still starts and runs

A script counts as a benchmark when it has a `__main__` block; a new one is picked up by itself (with no quick
flags unless it is given some in QUICK). One BLAS/OpenMP thread, as `make run` sets.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUICK: dict[str, list[str]] = {
    "bench_bptt": ["--repeats", "1", "--presses", "2", "--no-browser"],
    "bench_deep": ["--repeats", "1", "--presses", "2", "--compute-only"],
    "bench_pages": ["--runs", "1"],
    "bench_contention": ["--runs", "2", "--reruns", "2", "--pages", "chain"],
    "bench_training": ["--repeats", "1", "--step-runs", "1", "--identical", "2", "--distinct", "2", "--steps", "50"],
    "redraw": ["--presses", "2", "--sweep-presses", "2"],
}


def scripts() -> list[str]:
    """Module names of the benchmark scripts, in name order."""
    return sorted(p.stem for p in HERE.glob("*.py")
                  if p.stem != "run_all" and 'if __name__ == "__main__"' in p.read_text(encoding="utf-8"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="tiny sizes: a check that every benchmark runs")
    ap.add_argument("--only", nargs="*", help="script names to run (default: all)")
    args = ap.parse_args()
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1"),
           "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1")}
    failed = []
    for name in scripts():
        if args.only and name not in args.only:
            continue
        cmd = [sys.executable, "-m", f"benchmarks.{name}", *(QUICK.get(name, []) if args.quick else [])]
        print(f"\n=== {name}: {' '.join(cmd[1:])}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call(cmd, cwd=HERE.parent, env=env)
        outcome = "ok" if code == 0 else f"exit code {code}"
        print(f"=== {name}: {outcome} in {time.perf_counter() - t0:.0f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
