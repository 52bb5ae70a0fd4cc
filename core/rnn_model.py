"""The recurrent network of articles 001 and 002, as data: its configuration, its weights, the result type,
and the regime its numbers put it in (vanishing, exploding or stable; ui.bptt_words turns that into words).

The model: c(t) = f(W_rec·c(t−1) + W_in·x(t) + b), t = 1..T, from c(0) = c0, and one error at the end,
E = ½‖R·c(T) − y‖². With `skip = k > 0` a second path jumps k steps: c(t) gets c(t−k) added (see core.plain_rnn).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from core.activations import NAMES
from core.numerics import FLOAT32_ROUNDOFF, LOG10_MAX, orthogonal


class Cell(NamedTuple):
    label: str  # on screen and in today's links (?cells=RNN): keep it
    name: str  # in sentences


CELLS: dict[str, Cell] = {"rnn": Cell("RNN", "plain RNN"), "lstm": Cell("LSTM", "LSTM"), "gru": Cell("GRU", "GRU")}
"""Every recurrent cell by key, with its short label and the name sentences use."""
INITS: tuple[str, ...] = ("orthogonal", "gaussian", "identity")
MAX_STEPS = 5000
MAX_HIDDEN = 1024


@dataclass(frozen=True)
class RNNConfig:
    """Everything that decides the network and its gradient; the same config always gives the same numbers."""

    steps: int = 50
    hidden: int = 32
    activation: str = "tanh"
    weight_scale: float = 1.0
    init: str = "orthogonal"
    input_scale: float = 1.0
    seed: int = 0
    cell: str = "rnn"
    forget_bias: float = 1.0
    inputs: int = 4  # D, the size of each x(t)
    outputs: int = 4  # O, the size of the readout R·c(T)
    skip: int = 0  # plain RNN: k > 0 adds c(t−k) to c(t), a path that jumps k steps; 0 = no such path

    def __post_init__(self) -> None:
        if not 1 <= int(self.steps) <= MAX_STEPS:
            raise ValueError(f"steps must be between 1 and {MAX_STEPS}")
        if not 1 <= int(self.hidden) <= MAX_HIDDEN:
            raise ValueError(f"hidden must be between 1 and {MAX_HIDDEN}")
        if self.activation not in NAMES:
            raise ValueError(f"unknown activation {self.activation!r}; choose one of {', '.join(NAMES)}")
        if self.init not in INITS:
            raise ValueError(f"unknown init {self.init!r}; choose one of {', '.join(INITS)}")
        if self.cell not in CELLS:
            raise ValueError(f"unknown cell {self.cell!r}; choose one of {', '.join(CELLS)}")
        for name in ("weight_scale", "input_scale", "forget_bias"):
            if not math.isfinite(float(getattr(self, name))):
                raise ValueError(f"{name} must be a finite number")
        if self.weight_scale < 0 or self.input_scale < 0:
            raise ValueError("weight_scale and input_scale must be ≥ 0")
        if self.inputs < 1 or self.outputs < 1:
            raise ValueError("inputs and outputs must be ≥ 1")
        if not 0 <= int(self.skip) <= MAX_STEPS:
            raise ValueError(f"skip must be between 0 (no skip path) and {MAX_STEPS}")
        if self.skip and self.cell != "rnn":
            raise ValueError("the skip path is built for the plain RNN (cell='rnn')")


@dataclass(frozen=True)
class RNNNet:
    """The weights, inputs and target of one network (numpy float64)."""

    W_rec: np.ndarray  # (H, H)
    W_in: np.ndarray  # (H, D)
    b: np.ndarray  # (H,)
    c0: np.ndarray  # (H,)
    xs: np.ndarray  # (steps, D)
    R: np.ndarray  # (O, H)
    y: np.ndarray  # (O,)


@dataclass(frozen=True)
class BPTTResult:
    """How big the error's gradient is at every time step, and what that means."""

    cfg: RNNConfig
    norms: np.ndarray  # (T+1,) ||dE/dc(t)||, t = 0..T (0 below the float range, inf above it)
    step_factors: np.ndarray  # (T,) entry t-1 is ||dE/dc(t-1)|| / ||dE/dc(t)|| (0 once the gradient is exactly 0)
    bound: np.ndarray  # (T+1,) (gamma ||W_rec||_2)^(T-t) norms[T]; inf where no bound of this form holds
    regime: str  # "vanishing" | "exploding" | "stable" (Summary.regime); its words are ui.bptt_words.verdict
    overflowed: bool  # some norm is above the float64 range: reported as inf, never NaN
    log10_norms: np.ndarray  # (T+1,) log10 of norms, exact even where norms print 0 or inf
    log10_abs_grads: np.ndarray  # (T+1, H) log10 |dE/dc_i(t)| per unit (−inf where exactly 0)
    mean_factor: float  # geometric mean of step_factors: the typical factor per step back
    log10_ratio: float  # log10(norms[0] / norms[T])
    floor: float  # FLOAT32_ROUNDOFF × the largest norm: below it a step's part of the update is lost in rounding
    underflowed: bool = False  # some true norm is nonzero but below the float range (printed 0)
    forward_overflowed: bool = False  # the state c(t) itself passed the float range: every gradient is inf
    has_bound: bool = True  # False for gated cells and for the skip path (the bound covers one-step paths only)
    gamma: float | None = None  # max f′ (plain RNN)
    w_rec_norm: float | None = None  # ||W_rec||_2 (plain RNN)
    weight_part: float | None = None  # geometric mean of how much W_recᵀ stretches the gradient per step
    slope_part: float | None = None  # geometric mean of ||f′ ⊙ unit gradient||: what the slopes let through
    cell_norms: np.ndarray | None = None  # LSTM: (T+1,) ||dE/dc(t)|| along the cell state
    log10_cell_norms: np.ndarray | None = None
    mean_gate: float | None = None  # LSTM: average forget gate; GRU: average update gate z (the part kept)
    log10_shares: np.ndarray | None = None  # plain RNN: (T,) log10 of step t's share of dE/dW (see updates_from)
    log10_share_total: float = -math.inf  # plain RNN: log10 ‖dE/dW‖, the sum of all the shares
    log10_bound: np.ndarray | None = None  # plain RNN with a bound: (T+1,) log10 of `bound` without its rounding slack

    @property
    def gamma_w(self) -> float | None:
        """γ·‖W_rec‖₂, the most one step back can stretch the gradient (plain RNN); None for gated cells."""
        return None if self.gamma is None or self.w_rec_norm is None else self.gamma * self.w_rec_norm

    @property
    def steps(self) -> int:
        return int(self.norms.size - 1)


STABLE_TOLERANCE = 1e-9
"""The average step factor counts as exactly 1 ('stable') only within rounding; any real drift is named."""


def regime_of(mean_factor: float) -> str:
    """'vanishing' below 1, 'exploding' above 1, 'stable' only when the typical step factor is 1 within rounding."""
    if not mean_factor > 0:
        return "vanishing"
    if math.isinf(mean_factor):
        return "exploding"
    drift = math.log(mean_factor)
    if abs(drift) <= STABLE_TOLERANCE:
        return "stable"
    return "vanishing" if drift < 0 else "exploding"


@dataclass(frozen=True)
class Summary:
    """What a gradient's norms say, in numbers: the regime, whether a norm passed the float range, the floor.

    Decided by the typical factor per step back (a geometric mean), the same for every cell.
    """

    norms: np.ndarray  # (T+1,) ||dE/dc(t)||
    logs: np.ndarray  # (T+1,) their log10
    mean_factor: float
    forward_overflowed: bool = False

    @property
    def regime(self) -> str:
        if self.forward_overflowed:
            return "exploding"
        if not np.isfinite(self.logs[-1]):
            return "stable"  # E is at its minimum: there is no gradient to send back at all
        return regime_of(self.mean_factor)

    @property
    def overflowed(self) -> bool:
        return bool(self.forward_overflowed or np.any(self.logs > LOG10_MAX))

    @property
    def floor(self) -> float:
        finite = self.norms[np.isfinite(self.norms)]
        top = float(finite.max()) if finite.size else 0.0
        return FLOAT32_ROUNDOFF * top if top > 0 else 0.0


def recurrent_matrix(init: str, scale: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """W_rec by its recipe: scale·Q (every singular value = scale), N(0, scale²/n), or scale·I (IRNN)."""
    if init == "orthogonal":
        return float(scale) * orthogonal(rng, n)
    if init == "gaussian":
        return rng.normal(0.0, float(scale) / math.sqrt(n), size=(n, n))
    if init == "identity":
        return float(scale) * np.eye(n)
    raise ValueError(f"unknown init {init!r}")


def _rngs(cfg: RNNConfig, n: int, *tag: int) -> list[np.random.Generator]:
    # Separate streams, so changing the init or the step count leaves the other draws alone.
    seq = np.random.SeedSequence([int(cfg.seed), int(cfg.hidden), *tag])
    return [np.random.default_rng(s) for s in seq.spawn(n)]


def make_rnn(cfg: RNNConfig) -> RNNNet:
    """The network for `cfg`: c0 = 0, b = 0, W_in ~ N(0, 1/D), xs ~ N(0, input_scale²), R ~ N(0, 1/H), y ~ N(0, 1)."""
    h, d, o = int(cfg.hidden), int(cfg.inputs), int(cfg.outputs)
    r_rec, r_in, r_x, r_out = _rngs(cfg, 4)
    xs = r_x.standard_normal((MAX_STEPS, d))[: int(cfg.steps)] * float(cfg.input_scale)
    return RNNNet(
        W_rec=recurrent_matrix(cfg.init, cfg.weight_scale, h, r_rec),
        W_in=r_in.normal(0.0, 1.0 / math.sqrt(d), size=(h, d)),
        b=np.zeros(h),
        c0=np.zeros(h),
        xs=np.ascontiguousarray(xs),
        R=r_out.normal(0.0, 1.0 / math.sqrt(h), size=(o, h)),
        y=r_out.standard_normal(o),
    )


def gated_rngs(cfg: RNNConfig) -> list[np.random.Generator]:
    """The random streams core.gated draws the LSTM/GRU weights from (independent of the RNN's)."""
    return _rngs(cfg, 2, 7)
