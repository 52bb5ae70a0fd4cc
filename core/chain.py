"""The chain rule as a product: backprop multiplies one derivative per layer, so many small factors vanish.

A product of floats can underflow to 0 or overflow to inf; we keep the exact running product where a
float can hold it, and its base-10 logarithm everywhere, so the page can still say how small it got.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from core.activations import get_activation

ARTICLE_FACTORS: tuple[float, ...] = (0.21, 0.11, 0.06, 0.11, 0.15)
"""The five sigmoid slopes from the Data Science Learner article; their product is 0.000022869."""

MAX_FACTORS = 1000


@dataclass(frozen=True)
class ChainResult:
    """The factors of a chain and what multiplying them gives, step by step."""

    factors: np.ndarray  # one derivative per layer, nearest the output first
    running: np.ndarray  # running[i] = product of factors[: i + 1] (0 once it underflows, inf once it overflows)
    total: float  # running[-1]
    log10_running: np.ndarray  # log10 |running| computed without under/overflow (-inf once a factor is 0)
    underflowed: bool  # the true product is not 0, but a float rounded it to 0
    overflowed: bool  # the true product is finite, but too large for a float
    preactivations: np.ndarray | None = None  # the inputs each slope was taken at (activation chains only)
    activation: str | None = None
    weight: float = 1.0

    @property
    def depth(self) -> int:
        return int(self.factors.size)


def chain_from_factors(factors, *, preactivations=None, activation=None, weight=1.0) -> ChainResult:
    """Multiply `factors` one after the other, keeping every partial product."""
    f = np.asarray(factors, dtype=float).ravel()
    if f.size == 0:
        raise ValueError("a chain needs at least one factor")
    if not np.all(np.isfinite(f)):
        raise ValueError("every factor must be a finite number")
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        running = np.cumprod(f)
        log10_running = np.cumsum(np.log10(np.abs(f)))
    # inf * 0 is NaN in floats, but the true product with a 0 factor is 0.
    running = np.where(np.isnan(running), 0.0, running)
    true_zero = np.cumsum(f == 0) > 0
    underflowed = bool(np.any((running == 0) & ~true_zero))
    overflowed = bool(np.any(np.isinf(running)))
    return ChainResult(
        factors=f,
        running=running,
        total=float(running[-1]),
        log10_running=log10_running,
        underflowed=underflowed,
        overflowed=overflowed,
        preactivations=None if preactivations is None else np.asarray(preactivations, dtype=float),
        activation=activation,
        weight=float(weight),
    )


def chain_from_activation(
    activation: str,
    depth: int,
    spread: float = 1.0,
    weight: float = 1.0,
    seed: int = 0,
    center: float = 0.0,
    **params: float,
) -> ChainResult:
    """A chain of `depth` factors weight × f′(z), with each pre-activation z drawn from N(center, spread²).

    `spread` is how far inputs land from 0: the further out, the flatter sigmoid and tanh are.
    `center` shifts them; a ReLU with z < 0 is off and passes no gradient at all.
    """
    if not 1 <= int(depth) <= MAX_FACTORS:
        raise ValueError(f"depth must be between 1 and {MAX_FACTORS}")
    act = get_activation(activation, **params)
    rng = np.random.default_rng(int(seed))
    z = rng.normal(float(center), float(abs(spread)), size=int(depth))
    factors = float(weight) * act.df(z)
    return chain_from_factors(factors, preactivations=z, activation=activation, weight=weight)


_SEPARATORS = re.compile(r"[\s,;×x*]+")


def parse_factors(text: str) -> list[float]:
    """Read factors typed by a person: '0.21 × 0.11, 0.06 0.11;0.15'. Raises ValueError with a friendly message."""
    parts = [p for p in _SEPARATORS.split(text.strip().replace("·", " ")) if p]
    if not parts:
        raise ValueError("Type at least one number, for example 0.21 × 0.11 × 0.06.")
    if len(parts) > MAX_FACTORS:
        raise ValueError(f"That is {len(parts)} numbers; please keep it to {MAX_FACTORS} or fewer.")
    values = []
    for p in parts:
        try:
            v = float(p.replace("−", "-"))
        except ValueError:
            raise ValueError(f"“{p}” is not a number. Use digits and a decimal point, like 0.21.") from None
        if not np.isfinite(v):
            raise ValueError(f"“{p}” is not a finite number; every factor must be an ordinary number.")
        values.append(v)
    return values
