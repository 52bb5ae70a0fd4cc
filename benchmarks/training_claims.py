"""The /training page's claims about clipping and "model instability", as printed figures.

Part A runs the page's own training (core.training.train: Adam) for the plain RNN at high learning rates,
with and without clipping. Part B is the classic exploding case (Pascanu et al. 2013): a plain tanh RNN trained
with plain SGD, its recurrent weights an orthogonal matrix times a large scale, with and without clipping.
Part C is article 001's "model instability" (do vanishing gradients make predictions swing under tiny input
changes?): it trains the page's plain RNN and LSTM and prints the saliency |∂output/∂xₜ| (how much the answer
moves when one input is nudged) at the first and last position and summed over all.
Usage: python -m benchmarks.training_claims [--part a|b|c|all] [--seeds 5] [--steps 300] [--length 40]
(part C's figures on the page: --part c --seeds 3 --steps 800)
"""

from __future__ import annotations

import argparse
import math

import numpy as np
import torch

from core.tasks import TASKS
from core.training import TrainConfig, train


def page_runs(seeds: int, steps: int, length: int) -> None:
    print("A. the page's own runs (Adam), plain RNN, adding problem, length", length)
    for lr in (0.3, 1.0, 3.0):
        for clip in (None, 1.0):
            outs = []
            for seed in range(seeds):
                cfg = TrainConfig(model="rnn", lr=lr, clip=clip, seed=seed, steps=steps, length=length,
                                  time_budget_s=None)
                last = list(train(cfg))[-1]
                outs.append(f"{last.outcome}@{last.step}")
            div = sum(o.startswith("diverged") for o in outs)
            print(f"  lr {lr:g} clip {clip}: diverged {div}/{seeds}  {outs}")


def sgd_run(scale: float, lr: float, clip: float | None, seed: int, steps: int,
            length: int) -> tuple[str, float, float]:
    """(outcome, held-out MSE or nan, largest gradient norm seen)."""
    task = TASKS["adding"]
    torch.manual_seed(seed)
    rnn = torch.nn.RNN(task.n_inputs, 32, nonlinearity="tanh", batch_first=True)
    head = torch.nn.Linear(32, 1)
    with torch.no_grad():
        q, _ = torch.linalg.qr(torch.randn(32, 32))
        rnn.weight_hh_l0.copy_(scale * q)
    params = list(rnn.parameters()) + list(head.parameters())
    opt = torch.optim.SGD(params, lr=lr)
    gen = task.generator(seed * 1_000_003 + 1)
    x_test, y_test = task.sample(512, length, seed=seed * 1_000_003 + 2)
    top = 0.0
    cap = 1e4 * task.loss_baseline(length)
    for _ in range(steps):
        x, y = task.draw(gen, 64, length)
        loss = torch.nn.functional.mse_loss(head(rnn(x)[0][:, -1]).squeeze(-1), y)
        if not math.isfinite(float(loss.detach())) or float(loss.detach()) > cap:
            return "diverged", math.nan, top
        opt.zero_grad()
        loss.backward()
        norm = float(torch.nn.utils.clip_grad_norm_(params, math.inf if clip is None else clip))
        top = max(top, norm)
        if not math.isfinite(norm):
            return "diverged", math.nan, top
        opt.step()
    with torch.no_grad():
        mse = float(torch.nn.functional.mse_loss(head(rnn(x_test)[0][:, -1]).squeeze(-1), y_test))
    return ("diverged" if not math.isfinite(mse) else "ended"), mse, top


def sgd_runs(seeds: int, steps: int, length: int) -> None:
    base = TASKS["adding"].loss_baseline(length)
    print(f"B. plain tanh RNN, plain SGD, orthogonal W_rec × scale, adding, length {length}; "
          f"know-nothing MSE {base:.3f}")
    for scale in (1.0, 2.0, 4.0):
        for lr in (0.1, 1.0):
            for clip in (None, 1.0):
                runs = [sgd_run(scale, lr, clip, s, steps, length) for s in range(seeds)]
                div = sum(o == "diverged" for o, _, _ in runs)
                mses = " ".join(f"{m:.3g}" for _, m, _ in runs)
                tops = " ".join(f"{t:.3g}" for _, _, t in runs)
                print(f"  scale {scale:g} lr {lr:g} clip {clip}: diverged {div}/{seeds}; "
                      f"held-out MSE {mses}; largest grad norm {tops}")


def instability_runs(seeds: int, steps: int, length: int) -> None:
    print(f"C. model instability: saliency |∂output/∂xₜ| after training, adding, length {length}, "
          f"at most {steps} steps")
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
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--length", type=int, default=40)
    ap.add_argument("--part", choices=["a", "b", "c", "all"], default="all")
    a = ap.parse_args()
    if a.part in ("a", "all"):
        page_runs(a.seeds, a.steps, a.length)
    if a.part in ("b", "all"):
        sgd_runs(a.seeds, a.steps, a.length)
    if a.part in ("c", "all"):
        instability_runs(a.seeds, a.steps, a.length)
