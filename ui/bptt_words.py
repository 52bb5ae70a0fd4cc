"""The BPTT page's words: the verdict, one "In numbers" sentence per chart, the maths condition, the gates' numbers.

Every sentence is built from a BPTTResult (or UpdateSizes) and quotes its numbers; templates come from
pages/bptt.md through ui.prose. No streamlit here.
"""

from __future__ import annotations

import math

import numpy as np

from core.activations import get_activation
from core.rnn import CELLS, LOG10_MAX, BPTTResult, UpdateSizes
from ui.fmt import sci, sci_log10
from ui.prose import prose

BALANCE_TOLERANCE = 1e-9
"""γ·‖W_rec‖₂ within this of 1 counts as balanced: ‖W_rec‖₂ of an orthogonal matrix is 1 plus a few rounding units."""
CANNOT_LEARN, BARELY = -7.0, -2.0
"""log10 of the share left at step 0 below which the verdict says "cannot learn from" / "barely move"."""


def label(r: BPTTResult) -> str:
    """A result's name on charts and in sentences: 'plain RNN (tanh)', 'plain RNN (tanh, skip 5)', 'LSTM'."""
    cfg = r.cfg
    if cfg.cell != "rnn":
        return CELLS[cfg.cell].name
    return f"{CELLS['rnn'].name} ({cfg.activation}" + (f", skip {cfg.skip})" if cfg.skip else ")")


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if 0.01 <= abs(x) < 100:
        return f"{x:.3g}" if abs(x - 1) > 5e-3 else f"{x:.6g}"
    return sci(x)


def _per_step(r: BPTTResult) -> str:
    cfg, factor = r.cfg, _num(r.mean_factor)
    if cfg.cell == "lstm" and r.mean_gate is not None:
        return prose("bptt", "per-step-lstm", factor=factor, gate=f"{r.mean_gate:.2f}", fb=f"{cfg.forget_bias:g}")
    if cfg.cell == "gru" and r.mean_gate is not None:
        return prose("bptt", "per-step-gru", factor=factor, gate=f"{r.mean_gate:.2f}")
    if cfg.cell == "rnn" and cfg.skip:
        return prose("bptt", "per-step-skip", factor=factor, skip=cfg.skip)
    if r.weight_part is not None and r.slope_part is not None:
        act = get_activation(cfg.activation)
        slopes = "the identity's slope passes" if cfg.activation == "identity" else f"the slopes {act.label}′ pass"
        return prose("bptt", "per-step-rnn", factor=factor, weights=f"{r.weight_part:.2f}",
                     scale=f"{cfg.weight_scale:g}", wnorm=f"{r.w_rec_norm:.2f}", slopes=slopes,
                     through=f"{r.slope_part:.2f}")
    return prose("bptt", "per-step-zero", factor=factor)


def vanishing_meaning(log10_ratio: float) -> str:
    """What a share of 10^log10_ratio left at step 0 means for learning."""
    if log10_ratio < CANNOT_LEARN:
        return "the network cannot learn from the earliest steps"
    if log10_ratio < BARELY:
        return "the earliest steps barely move the weights"
    return "it shrinks slowly, so the earliest steps still count, a little less than the last ones"


def verdict(r: BPTTResult) -> str:
    """The verdict box: what happens to the gradient, how big, and which numbers make it so."""
    cfg, name = r.cfg, CELLS[r.cfg.cell].name
    if r.forward_overflowed:
        return prose("bptt", "verdict-forward-overflow", name=name, scale=f"{cfg.weight_scale:g}",
                     act=get_activation(cfg.activation).label)
    if not np.isfinite(r.log10_norms[-1]):
        return prose("bptt", "verdict-no-gradient", name=name)
    values = dict(name=name, ratio=sci_log10(r.log10_ratio), steps=r.steps, per_step=_per_step(r))
    if r.regime == "vanishing":
        zero = "" if np.isfinite(r.log10_norms[0]) else " It is exactly 0 there: no signal at all arrives."
        return prose("bptt", "verdict-vanishing", meaning=vanishing_meaning(r.log10_ratio), zero=zero, **values)
    if r.regime == "exploding":
        over = ""
        if r.overflowed or bool(np.any(r.log10_norms > LOG10_MAX)):
            over = (" That is beyond the largest float64 (about 1.8 × 10³⁰⁸): the computer stores ∞, "
                    "and the true size is only known from its logarithm.")
        meaning = ("one update that size throws the weights far off (clipping caps it)" if r.log10_ratio > 3 else
                   "it grows steadily, and over a longer sequence it would blow up")
        return prose("bptt", "verdict-exploding", meaning=meaning, over=over, **values)
    return prose("bptt", "verdict-stable", factor=_num(r.mean_factor), **values)


def condition_sentence(r: BPTTResult) -> str:
    """Pascanu's condition, compared with a tolerance: γ‖W‖ < 1 must vanish, = 1 balanced, > 1 may explode."""
    gw, inv = r.gamma_w, 1 / r.gamma
    values = dict(gw=f"{gw:.6g}" if abs(gw - 1) <= 1e-3 else f"{gw:.3g}", wnorm=f"{r.w_rec_norm:.3g}",
                  inv=f"{inv:.3g}", factor=_num(r.mean_factor))
    if gw < 1 - BALANCE_TOLERANCE:
        return prose("bptt", "condition-vanish", **values)
    if gw <= 1 + BALANCE_TOLERANCE:
        return prose("bptt", "condition-balanced", **values)
    return prose("bptt", "condition-may-explode", **values)


def maths_sentence(r: BPTTResult) -> str:
    """The maths expander's term-by-term numbers for a plain RNN (its state did not overflow)."""
    gw = r.gamma_w
    return prose("bptt", "maths-numbers", gamma=f"{r.gamma:g}", act=get_activation(r.cfg.activation).label,
                 wnorm=f"{r.w_rec_norm:.3g}", gw=f"{gw:.3g}", inv=f"{1 / r.gamma:.3g}",
                 condition=condition_sentence(r), steps=r.steps, bound=sci_log10(_log10_bound_total(r)),
                 actual=sci_log10(r.log10_ratio))


def _log10_bound_total(r: BPTTResult) -> float:
    """log10 of the bound's whole factor over all steps, (γ‖W_rec‖)^T, read off core's bound curve."""
    if np.isfinite(r.log10_norms[-1]) and r.log10_bound is not None:
        return float(r.log10_bound[0] - r.log10_norms[-1])
    return r.steps * math.log10(r.gamma_w) if r.gamma_w and r.gamma_w > 0 else -math.inf


def gated_sentence(r: BPTTResult) -> str:
    """A gated cell's measured gate and the share of the gradient it keeps over the whole sequence."""
    if r.cfg.cell == "rnn" or r.mean_gate is None:
        return ""
    section = "gated-lstm-numbers" if r.cfg.cell == "lstm" else "gated-gru-numbers"
    return prose("bptt", section, gate=f"{r.mean_gate:.2f}", fb=f"{r.cfg.forget_bias:g}", steps=r.steps,
                 ratio=sci_log10(r.log10_ratio))


# ------------------------------------------------------------------ "In numbers", one sentence per chart


def overall_floor(results: list[BPTTResult]) -> float:
    return max((r.floor for r in results), default=0.0)


def _times(log10_ratio: float) -> str:
    if log10_ratio == 0:
        return "unchanged"
    return f"{sci_log10(log10_ratio)} times" if log10_ratio > 0 else f"{sci_log10(log10_ratio)} of it"


def norms_sentence(results: list[BPTTResult]) -> str:
    parts = [f"the {label(r)}'s gradient goes from {sci_log10(r.log10_norms[-1])} at step {r.steps} to "
             f"{sci_log10(r.log10_norms[0])} at step 0 ({_times(r.log10_ratio)})" for r in results]
    floor = overall_floor(results)
    below = [label(r) for r in results if not np.isfinite(r.log10_norms[0]) or r.norms[0] < floor]
    where = f"under it at step 0: {', '.join(below)}" if below else "every line stays above it"
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + ". " + prose("bptt", "numbers-floor", floor=sci(floor), where=where)


def heatmap_sentence(r: BPTTResult, shown_units: int, shown_steps: int) -> str:
    g = r.log10_abs_grads
    med = lambda row: float(np.median(np.where(np.isfinite(row), row, -np.inf)))  # noqa: E731
    cols = f" and {shown_steps} evenly spaced of the {g.shape[0]} steps" if g.shape[0] > shown_steps else ""
    return prose("bptt", "numbers-heatmap", shown=min(g.shape[1], shown_units), units=g.shape[1], cols=cols,
                 typical_last=sci_log10(med(g[-1])), steps=r.steps, typical_first=sci_log10(med(g[0])),
                 largest_first=sci_log10(float(np.max(g[0]))))


def factors_sentence(results: list[BPTTResult]) -> str:
    parts = []
    for r in results:
        f = r.step_factors
        above = int(np.sum(f > 1))
        parts.append(f"{label(r)}: typically × {r.mean_factor:.3g} per step (from {float(np.min(f)):.3g} to "
                     f"{float(np.max(f)):.3g}); {above} of {f.size} steps are above 1")
    return "; ".join(parts) + "."


def diagram_sentence(r: BPTTResult) -> str:
    said = prose("bptt", "numbers-diagram", first=sci_log10(r.log10_norms[0]), last=sci_log10(r.log10_norms[-1]))
    k = int(r.cfg.skip)
    if not k:
        return said
    if k > r.steps:
        return said + " " + prose("bptt", "numbers-diagram-skip-too-long", skip=k, steps=r.steps)
    return said + " " + prose("bptt", "numbers-diagram-skip", skip=k, jumps=r.steps // k, steps=r.steps,
                              rest=r.steps % k)


def clip_sentence(u: UpdateSizes) -> str:
    if u.clipped is None:
        return prose("bptt", "numbers-clip-infinite")
    values = dict(whole=sci_log10(u.log10_total - math.log10(u.learning_rate)), threshold=f"{u.threshold:g}",
                  first=sci_log10(u.log10_sizes[0]), last=sci_log10(u.log10_sizes[-1]), steps=u.sizes.size,
                  ratio=sci_log10(u.log10_sizes[0] - u.log10_sizes[-1]) if np.isfinite(u.log10_sizes).all() else "—")
    if u.clip_scale >= 1:
        return prose("bptt", "numbers-clip-under", **values)
    return prose("bptt", "numbers-clip-over", scale=sci_log10(u.log10_clip_scale),
                 first_clipped=sci_log10(u.log10_sizes[0] + u.log10_clip_scale),
                 last_clipped=sci_log10(u.log10_sizes[-1] + u.log10_clip_scale), **values)
