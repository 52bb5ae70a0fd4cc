"""Two long-memory toy tasks, generated from a seed, each with the score of a model that learned nothing.

Both tasks hide the one thing that matters far from the end of the sequence, so a network can only
succeed if the error signal travels back through many time steps: exactly where gradients vanish.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import torch

N_SYMBOLS = 8
"""How many different symbols "remember the first symbol" uses: guessing is right 1 time in 8."""


def _adding(gen: torch.Generator, batch: int, length: int) -> tuple[torch.Tensor, torch.Tensor]:
    values = torch.rand(batch, length, generator=gen)
    marks = torch.zeros(batch, length)
    half = max(length // 2, 1)
    first = torch.randint(0, half, (batch,), generator=gen)
    second = half + torch.randint(0, max(length - half, 1), (batch,), generator=gen)
    second = second.clamp(max=length - 1)
    rows = torch.arange(batch)
    marks[rows, first] = 1.0
    marks[rows, second] = 1.0
    x = torch.stack([values, marks], dim=-1)
    y = values[rows, first] + values[rows, second]
    return x, y


def _first_symbol(gen: torch.Generator, batch: int, length: int) -> tuple[torch.Tensor, torch.Tensor]:
    symbols = torch.randint(0, N_SYMBOLS, (batch, length), generator=gen)
    x = torch.nn.functional.one_hot(symbols, N_SYMBOLS).float()
    return x, symbols[:, 0].clone()


@dataclass(frozen=True)
class Task:
    """A sequence task: inputs (batch, length, n_inputs) -> one target per sequence."""

    name: str
    title: str  # for people
    n_inputs: int
    n_outputs: int
    kind: str  # "regression" (loss = MSE, lower is better) or "classification" (score = accuracy)
    score_name: str  # what the table reports: "mean squared error" or "accuracy"
    _make: Callable[[torch.Generator, int, int], tuple[torch.Tensor, torch.Tensor]]
    _baseline: float
    _loss_baseline: float

    def generator(self, seed: int) -> torch.Generator:
        """A private random stream, so sampling never touches torch's global seed."""
        return torch.Generator().manual_seed(int(seed) % (2**63))

    def sample(self, batch: int, length: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
        """A batch of fresh sequences; the same seed always gives the same batch."""
        return self.draw(self.generator(seed), batch, length)

    def draw(self, gen: torch.Generator, batch: int, length: int) -> tuple[torch.Tensor, torch.Tensor]:
        """A batch from an existing stream (the training loop draws a new one every step)."""
        if batch < 1 or length < 2:
            raise ValueError("need batch >= 1 and length >= 2")
        return self._make(gen, int(batch), int(length))

    @property
    def baseline(self) -> float:
        """The score of a model that learned nothing: MSE of always answering 1, or chance accuracy.

        The same at every sequence length: the answer depends on two numbers (adding) or one symbol (first symbol).
        """
        return self._baseline

    def loss_baseline(self, length: int) -> float:
        """The training loss of that know-nothing model (MSE 1/6, or cross-entropy ln K), for the loss chart."""
        return self._loss_baseline

    def solved(self, score: float, length: int, fraction: float) -> bool:
        """Solved = the distance to a perfect score is at most `fraction` of the know-nothing model's distance."""
        if not math.isfinite(score):
            return False
        perfect = 0.0 if self.kind == "regression" else 1.0
        return abs(perfect - score) <= fraction * abs(perfect - self.baseline)


TASKS: dict[str, Task] = {
    "adding": Task(
        name="adding",
        title="Adding problem: add the two marked numbers",
        n_inputs=2,
        n_outputs=1,
        kind="regression",
        score_name="mean squared error",
        _make=_adding,
        _baseline=1.0 / 6.0,  # the sum of two U[0,1] has mean 1 and variance 2/12
        _loss_baseline=1.0 / 6.0,
    ),
    "first_symbol": Task(
        name="first_symbol",
        title=f"Remember the first symbol (one of {N_SYMBOLS})",
        n_inputs=N_SYMBOLS,
        n_outputs=N_SYMBOLS,
        kind="classification",
        score_name="accuracy",
        _make=_first_symbol,
        _baseline=1.0 / N_SYMBOLS,
        _loss_baseline=math.log(N_SYMBOLS),
    ),
}
