"""Article 001's "model instability": do vanishing gradients make predictions swing under tiny input changes?

Trains the /training page's own runs (core.training.train) and prints, per model, the saliency |∂output/∂xₜ|
(how much the answer moves when one input is nudged) at the first and the last position and summed over all.
Usage: python -m benchmarks.instability_runs [--seeds 3] [--steps 800] [--length 40]
"""

from __future__ import annotations

import argparse

import numpy as np
import torch

from core.training import TrainConfig, train


def main(seeds: int, steps: int, length: int) -> None:
    print(f"adding problem, length {length}, at most {steps} steps, default settings otherwise")
    for model in ("rnn", "lstm"):
        for seed in range(seeds):
            last = list(train(TrainConfig(model=model, seed=seed, steps=steps, length=length, time_budget_s=None)))[-1]
            sal = np.asarray(last.saliency)
            if sal.size == 0:
                print(f"  {model} seed {seed}: {last.outcome}, no saliency")
                continue
            print(f"  {model} seed {seed}: {last.outcome:10s} held-out {last.score:.3g}; saliency first {sal[0]:.3g}, "
                  f"last {sal[-1]:.3g}, last/first {sal[-1] / sal[0]:.3g}, sum over all inputs {sal.sum():.3g}")


if __name__ == "__main__":
    torch.set_num_threads(1)
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=800)
    ap.add_argument("--length", type=int, default=40)
    a = ap.parse_args()
    main(a.seeds, a.steps, a.length)
