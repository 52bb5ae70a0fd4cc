"""Real training runs, streamed step by step, so a page can show the vanishing while it happens.

Five recurrent models of the same hidden size learn a long-memory task (core.tasks). Every step we
report the loss, the total gradient norm and the size of the gradient that reaches the FIRST input
(|dLoss/dx_1|): for a plain tanh RNN that number collapses, which is why it never learns what was
said at the start. Nothing here imports streamlit; the page draws what this yields.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from core.tasks import TASKS, Task

MODELS: dict[str, str] = {
    "rnn": "Plain RNN (tanh)",
    "irnn": "IRNN (ReLU, identity start)",
    "lstm": "LSTM",
    "gru": "GRU",
    "attention": "RNN + attention",
}
OUTCOMES = ("solved", "not solved", "diverged", "stopped", "timed out")
SOLVED_FRACTION = 0.1
"""Solved = the held-out score is within 10 % of perfect, measured against the know-nothing baseline's gap."""
HELDOUT = 512  # held-out sequences used to judge a run
EVAL_EVERY = 25  # steps between held-out checks (for "solved it in N steps")
BLOWUP = 1e4  # a loss this many times the baseline counts as diverged even if it is still a number


@dataclass(frozen=True)
class TrainConfig:
    """One training run. clip=None means no gradient clipping. The defaults are the page's default story."""

    task: str = "adding"
    length: int = 40
    model: str = "lstm"
    hidden: int = 32
    lr: float = 2e-2
    steps: int = 800
    clip: float | None = 1.0
    seed: int = 0
    time_budget_s: float | None = 60.0
    batch: int = 64
    stop_when_solved: bool = True  # end early (outcome "solved") at the first held-out check that passes


@dataclass(frozen=True)
class Progress:
    """What one training step reports. The last item has done=True and a final outcome."""

    step: int  # steps taken so far (1-based); 0 only if the run ended before its first step
    loss: float  # this step's training loss (MSE or cross-entropy)
    grad_norm: float  # total gradient norm before clipping
    first_step_grad: float  # |dLoss/dx_1|: how much gradient reaches the first input
    done: bool = False
    outcome: str | None = None  # one of OUTCOMES once done
    seconds: float = 0.0  # wall time since the start
    last_step_grad: float = float("nan")  # |dLoss/dx_T|, for comparison with the first step
    score: float | None = None  # held-out MSE or accuracy (final item, and every EVAL_EVERY steps)
    solved_step: int | None = None  # first held-out check that passed
    saliency: tuple[float, ...] = field(default=())  # final item: mean |d output / d x_t| for t = 1..T


class SeqModel(nn.Module):
    """A recurrent layer read out at the last step (the attention model reads out a weighted sum of all steps)."""

    def __init__(self, kind: str, n_in: int, hidden: int, n_out: int):
        super().__init__()
        self.kind = kind
        if kind in ("rnn", "attention"):
            self.rnn = nn.RNN(n_in, hidden, nonlinearity="tanh", batch_first=True)
        elif kind == "irnn":  # Le, Jaitly & Hinton (2015): ReLU units, recurrent weights start as the identity
            self.rnn = nn.RNN(n_in, hidden, nonlinearity="relu", batch_first=True)
            with torch.no_grad():
                self.rnn.weight_hh_l0.copy_(torch.eye(hidden))
                self.rnn.bias_hh_l0.zero_()
                self.rnn.bias_ih_l0.zero_()
                self.rnn.weight_ih_l0.normal_(0.0, 0.001)
        elif kind == "lstm":  # forget gate starts open (bias 1), else an untrained LSTM vanishes too
            self.rnn = nn.LSTM(n_in, hidden, batch_first=True)
            with torch.no_grad():
                self.rnn.bias_ih_l0[hidden : 2 * hidden].fill_(1.0)
                self.rnn.bias_hh_l0[hidden : 2 * hidden].zero_()
        elif kind == "gru":
            self.rnn = nn.GRU(n_in, hidden, batch_first=True)
        else:
            raise ValueError(f"unknown model {kind!r}; choose from {sorted(MODELS)}")
        if kind == "attention":  # every hidden state gets a one-hop path to the output
            self.score = nn.Linear(hidden, 1)
            self.head = nn.Linear(2 * hidden, n_out)
        else:
            self.head = nn.Linear(hidden, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        states, _ = self.rnn(x)
        last = states[:, -1]
        if self.kind == "attention":
            weights = torch.softmax(self.score(states).squeeze(-1), dim=1)
            context = (weights.unsqueeze(-1) * states).sum(dim=1)
            last = torch.cat([context, last], dim=-1)
        return self.head(last)


def _loss(task: Task, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    if task.kind == "regression":
        return nn.functional.mse_loss(out.squeeze(-1), y)
    return nn.functional.cross_entropy(out, y)


def _score(task: Task, out: torch.Tensor, y: torch.Tensor) -> float:
    if task.kind == "regression":
        return float(nn.functional.mse_loss(out.squeeze(-1), y))
    return float((out.argmax(dim=-1) == y).float().mean())


def saliency(model: nn.Module, x: torch.Tensor) -> np.ndarray:
    """Mean over sequences of |d output / d x_t| (summed over outputs, norm over input features), one per step t.

    A model that only looks at recent inputs has all its saliency at the right-hand end. Computed in float64 on a
    copy of the model, so a tiny-but-real effect of the first input reads as 10⁻⁴⁰, not a float32 zero.
    """
    model = copy.deepcopy(model).double()
    x = x.detach().double().requires_grad_(True)
    out = model(x)
    (grad,) = torch.autograd.grad(out.abs().sum() if out.shape[-1] > 1 else out.sum(), x)
    return grad.norm(dim=-1).mean(dim=0).detach().numpy()


def _set_threads() -> None:
    """One thread: these nets are tiny, and on a busy 2-core machine a second thread mostly waits (we measured
    a step of the tanh RNN at 10 ms with one thread and up to 120 ms with two while other work ran)."""
    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


def train(cfg: TrainConfig, should_stop: Callable[[], bool] = lambda: False) -> Iterator[Progress]:
    """Train one model on one task, yielding a Progress after every step; never raises on divergence.

    Ends with done=True and outcome "solved" / "not solved" (all steps taken, judged on held-out data),
    "diverged" (loss became NaN/inf or blew up), "stopped" (should_stop() said so) or "timed out".
    """
    if cfg.task not in TASKS:
        raise ValueError(f"unknown task {cfg.task!r}; choose from {sorted(TASKS)}")
    if cfg.model not in MODELS:
        raise ValueError(f"unknown model {cfg.model!r}; choose from {sorted(MODELS)}")
    if cfg.length < 2 or cfg.hidden < 1 or cfg.steps < 1 or cfg.batch < 1:
        raise ValueError("length must be >= 2, hidden, steps and batch >= 1")
    if not cfg.lr > 0 or (cfg.clip is not None and not cfg.clip > 0):
        raise ValueError("the learning rate and the clipping threshold must be positive numbers")
    task = TASKS[cfg.task]
    _set_threads()
    start = time.perf_counter()
    torch.manual_seed(cfg.seed)  # model initialisation
    model = SeqModel(cfg.model, task.n_inputs, cfg.hidden, task.n_outputs)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    gen = task.generator(cfg.seed * 1_000_003 + 1)
    x_test, y_test = task.sample(HELDOUT, cfg.length, seed=cfg.seed * 1_000_003 + 2)
    loss_cap = BLOWUP * task.loss_baseline(cfg.length)
    solved_step: int | None = None
    last = Progress(step=0, loss=float("nan"), grad_norm=float("nan"), first_step_grad=float("nan"))

    def finish(outcome: str, score: float | None = None, sal: tuple[float, ...] = ()) -> Progress:
        return Progress(step=last.step, loss=last.loss, grad_norm=last.grad_norm,
                        first_step_grad=last.first_step_grad, last_step_grad=last.last_step_grad, done=True,
                        outcome=outcome, seconds=time.perf_counter() - start, score=score,
                        solved_step=solved_step, saliency=sal)

    def evaluate() -> float:
        with torch.no_grad():
            return _score(task, model(x_test), y_test)

    for step in range(1, cfg.steps + 1):
        if should_stop():
            yield finish("stopped", evaluate())
            return
        if cfg.time_budget_s is not None and time.perf_counter() - start > cfg.time_budget_s:
            yield finish("timed out", evaluate())
            return
        x, y = task.draw(gen, cfg.batch, cfg.length)
        x.requires_grad_(True)
        loss = _loss(task, model(x), y)
        loss_value = float(loss.detach())
        if not math.isfinite(loss_value) or loss_value > loss_cap:
            last = Progress(step=step, loss=loss_value, grad_norm=float("nan"), first_step_grad=float("nan"))
            yield finish("diverged")
            return
        opt.zero_grad(set_to_none=True)
        loss.backward()
        norm = float(torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf") if cfg.clip is None else cfg.clip))
        grads = x.grad.detach()
        first, final = float(grads[:, 0].norm()), float(grads[:, -1].norm())
        if not math.isfinite(norm):
            last = Progress(step=step, loss=loss_value, grad_norm=norm, first_step_grad=first)
            yield finish("diverged")
            return
        opt.step()
        score = None
        if step % EVAL_EVERY == 0:
            score = evaluate()
            if solved_step is None and task.solved(score, cfg.length, SOLVED_FRACTION):
                solved_step = step
        last = Progress(step=step, loss=loss_value, grad_norm=norm, first_step_grad=first, last_step_grad=final,
                        seconds=time.perf_counter() - start, score=score, solved_step=solved_step)
        if cfg.stop_when_solved and solved_step is not None:
            break
        if step < cfg.steps:
            yield last
    final_score = evaluate()
    if not math.isfinite(final_score):
        yield finish("diverged", final_score)
        return
    sal = tuple(float(v) for v in saliency(model, x_test[:128]))
    solved = task.solved(final_score, cfg.length, SOLVED_FRACTION)
    yield finish("solved" if solved else "not solved", final_score, sal)
