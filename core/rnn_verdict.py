"""The verdict on a gradient's journey: vanishing, exploding or stable, in plain words with its numbers.

The regime is decided by the typical factor per step back (a geometric mean), never by fixed text.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from core.activations import get_activation
from core.fmt import sci, sci_log10
from core.numerics import FLOAT32_ROUNDOFF, LOG10_MAX, geo_mean, log10_safe, quiet
from core.rnn_model import CELLS, RNNConfig

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
    cfg: RNNConfig
    norms: np.ndarray
    logs: np.ndarray
    factors: np.ndarray
    mean_factor: float
    log_ratio: float
    forward_overflowed: bool

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


def reason(s: Summary, *, gamma: float | None = None, w_norm: float | None = None,
            weight_part: float | None = None, slope_part: float | None = None, gate: str | None = None) -> str:
    """The verdict a reader sees: what happens, how big, and which numbers make it so."""
    cfg, steps = s.cfg, int(s.cfg.steps)
    name = CELLS[cfg.cell].name
    act = get_activation(cfg.activation)
    if s.forward_overflowed:
        return (f"Exploding ({name}): the network's state itself grew past the largest number a float64 can hold "
                f"(about 1.8 × 10³⁰⁸) on the way forward, so the error and every gradient are infinite. "
                f"Weight scale {cfg.weight_scale:g} with {act.label} lets each step multiply the state by more than 1.")
    if not np.isfinite(s.logs[-1]):
        return (f"No gradient ({name}): the output already equals the target exactly, so the error is 0 "
                "and there is nothing to send back.")
    ratio = sci_log10(s.log_ratio)
    g = s.mean_factor
    if cfg.cell == "rnn" and weight_part is not None and slope_part is not None:
        slope = "the identity's slope passes" if cfg.activation == "identity" else f"the slopes {act.label}′ pass"
        why = (f"weights × slopes: the weights stretch it by {weight_part:.2f} on average, with weight scale "
               f"{cfg.weight_scale:g} and ‖W_rec‖₂ = {w_norm:.2f}; {slope} on {slope_part:.2f} of it on average")
    elif gate is not None:
        why = gate
    else:
        why = "a step's slopes are exactly 0"
    per_step = f"Each step back multiplies it by about {_num(g)} ({why})."
    regime = s.regime
    if regime == "vanishing":
        if s.log_ratio < -7:
            verdict = "the network cannot learn from the earliest steps"
        elif s.log_ratio < -2:
            verdict = "the earliest steps barely move the weights"
        else:
            verdict = "it shrinks slowly, so the earliest steps still count, a little less than the last ones"
        zero = "" if np.isfinite(s.logs[0]) else " It is exactly 0 there: no signal at all arrives."
        return (f"Vanishing ({name}): the gradient that reaches the start (step 0) is {ratio} of the one at the "
                f"last step (step {steps}): {verdict}.{zero} {per_step}")
    if regime == "exploding":
        over = ""
        if s.overflowed:
            over = (" That is beyond the largest float64 (about 1.8 × 10³⁰⁸): the computer stores ∞, "
                    "and the true size is only known from its logarithm.")
        effect = ("one update that size throws the weights far off (clipping caps it)" if s.log_ratio > 3 else
                  "it grows steadily, and over a longer sequence it would blow up")
        return (f"Exploding ({name}): the gradient at the start (step 0) is {ratio} times the one at the last step "
                f"(step {steps}): {effect}.{over} {per_step}")
    return (f"Stable ({name}): each step back multiplies the gradient by {_num(g)}, so the one at step 0 is "
            f"{ratio} times the one at step {steps}: the earliest steps count as much as the last. {per_step}")


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if 0.01 <= abs(x) < 100:
        return f"{x:.3g}" if abs(x - 1) > 5e-3 else f"{x:.6g}"
    return sci(x)  # sci() reads the exponent from the logarithm: right for subnormal numbers too


@quiet
def gated_summary(cfg: RNNConfig, norms: np.ndarray, factors: np.ndarray, gate_text: str) -> tuple[str, str, bool]:
    """Regime, reason and overflow flag for a gated cell's norms (used by core.gated)."""
    logs = log10_safe(norms)
    mean_factor = geo_mean(factors) if np.isfinite(logs[-1]) else 1.0
    log_ratio = float(logs[0] - logs[-1]) if np.isfinite(logs[-1]) else 0.0
    s = Summary(cfg, norms, logs, factors, mean_factor, log_ratio, False)
    return s.regime, reason(s, gate=gate_text), s.overflowed
