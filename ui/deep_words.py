"""The deep-networks page's words: the verdict and one "In numbers" sentence per chart, from DeepNetStats.

The verdict names its quantity: the back-propagated signal dL/dh (what the chain rule carries) or the weight gradient
dL/dW (what a training step uses), and quotes absolute sizes where a ratio would mislead. No streamlit here.
"""

from __future__ import annotations

import math

import numpy as np

from core.activations import get_activation
from core.deepnet import DeepNetStats, relative_update
from ui.fmt import percent, sci
from ui.prose import prose

VANISH, EXPLODE = 1e-2, 1e2
"""A ratio (layer 1 ÷ last layer) below VANISH vanishes, above EXPLODE explodes; in between it flows."""
REFERENCE_LR = 0.01
"""The learning rate the verdict judges absolute sizes at (the page's default)."""
TINY_UPDATE = 1e-6
"""One step at REFERENCE_LR changing every layer by less than this share of its weights is 'learns almost nothing'."""


def _ratio(a: float, b: float) -> float:
    with np.errstate(all="ignore"):
        return float(np.float64(a) / np.float64(b))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def signal_ratio(s: DeepNetStats) -> float:
    """std of dL/dh at layer 1 ÷ at the last layer: how much of the back-propagated signal arrives."""
    return float(s.grad_std[0] / s.grad_std[-1]) if s.grad_std[-1] else float("nan")


def per_layer(s: DeepNetStats) -> float:
    r = signal_ratio(s)
    return r ** (1 / (s.depth - 1)) if s.depth > 1 and r > 0 else 1.0


def kind_of(ratio: float, overflowed: bool = False) -> str:
    """'vanish', 'explode' or 'flow' for a layer-1 ÷ last-layer ratio."""
    return "vanish" if ratio < VANISH else "explode" if ratio > EXPLODE or overflowed else "flow"


def signal_kind(s: DeepNetStats) -> str:
    return kind_of(signal_ratio(s), s.overflowed)


def _pct(x: float) -> str:
    return f"{sci(100 * x)}%"


def verdict(s: DeepNetStats) -> tuple[str, str]:
    """(kind, text): the back-propagated signal's fate, then the weight gradient's, in ratio and where needed size."""
    kind, depth = signal_kind(s), s.depth
    parts = [prose("deep", f"verdict-{kind}", depth=depth, signal=sci(signal_ratio(s)), per_layer=sci(per_layer(s)))]
    weights = s.first_to_last
    sizes = dict(depth=depth, weights=sci(weights), first=sci(s.grad_norm[0]), last=sci(s.grad_norm[-1]))
    wkind = kind_of(weights)
    even = "flow" if kind == "flow" else "even"  # "the two offset" only when the signal did change
    parts.append(prose("deep", "weights-" + {"vanish": "vanish", "explode": "explode", "flow": even}[wkind], **sizes))
    u = relative_update(s, REFERENCE_LR)
    finite = u[np.isfinite(u)]
    if wkind == "flow" and finite.size:
        if float(finite.max()) < TINY_UPDATE:
            parts.append(prose("deep", "weights-tiny", lr=sci(REFERENCE_LR), largest=_pct(float(finite.max())),
                               **sizes))
        elif kind != "flow":
            parts.append(prose("deep", "weights-usable", lr=sci(REFERENCE_LR), first_update=_pct(u[0]),
                               last_update=_pct(u[-1]), **sizes))
    return kind, "\n\n".join(parts)


def small_init_sentence(s: DeepNetStats) -> str:
    """Why small initial weights vanish, with the measured and predicted factor per layer ('' for other inits)."""
    if s.config.init != "small":
        return ""
    pred = float(np.exp(np.mean(np.log(s.predicted_factor)))) if np.all(s.predicted_factor > 0) else 0.0
    return prose("deep", "small-init", per_layer=sci(per_layer(s)), predicted=sci(pred), signal=sci(signal_ratio(s)),
                 depth=s.depth)


# ------------------------------------------------------------------ "In numbers", one sentence per chart


def gradient_sentence(s: DeepNetStats) -> str:
    n = s.depth
    return (f"The weight gradient is {sci(s.grad_norm[0])} at layer 1 and {sci(s.grad_norm[-1])} at layer {n} "
            f"(ratio {sci(s.first_to_last)}); the back-propagated signal's std goes from {sci(s.grad_std[-1])} at "
            f"layer {n} to {sci(s.grad_std[0])} at layer 1 (ratio {sci(_ratio(s.grad_std[0], s.grad_std[-1]))}), "
            f"and the variance rule predicted {sci(s.predicted_grad_std[0])}.")


def distribution_sentence(s: DeepNetStats) -> str:
    q, n = s.activation_quantiles, s.depth
    return (f"At layer 1 the middle half of the outputs lies between {sci(q[0, 1])} and {sci(q[0, 3])}; at layer {n} "
            f"between {sci(q[-1, 1])} and {sci(q[-1, 3])}. The layer output's spread (std) goes from "
            f"{sci(s.activation_std[0])} to {sci(s.activation_std[-1])}.")


def saturation_sentence(s: DeepNetStats) -> str:
    """The flat share per layer, and what "flat" means for this activation's negative side."""
    sat = s.activation_saturation
    text = (f"{percent(sat[0])} of the units are flat at layer 1 and {percent(sat[-1])} at layer {s.depth} "
            f"(on average {percent(np.nanmean(sat)) if np.isfinite(sat).any() else 'unknown'}).")
    act = get_activation(s.config.activation)
    if act.saturates:
        return text
    neg = float(act.df(np.array([-1.0]))[0])
    if neg == 0:
        text += (f" For {act.label}, “flat” means switched off (input below 0): about half is normal, and those units "
                 "pass no gradient for this example.")
    elif neg < 1:
        text += (f" For {act.label}, “flat” means an input far enough below 0 that the slope is under 5% of 1 (at −1 "
                 f"it is {sci(neg)}): those units pass a little gradient, not none.")
    return text


def remedy_sentence(before: DeepNetStats, after: DeepNetStats, before_name: str, after_name: str) -> str:
    """Before and after one fix, each judged by the same two quantities: weight gradient size, signal share."""
    g0, g1 = float(before.grad_norm[0]), float(after.grad_norm[0])
    change = _ratio(g1, g0)
    how = ("larger" if change > 1 else "smaller") if math.isfinite(change) and change > 0 else "changed"
    times = f"{sci(change if change >= 1 else 1 / change)} times {how}" if how != "changed" else "changed"
    return (f"Layer 1's weight gradient ‖dL/dW‖, what a training step uses there: {sci(g0)} {before_name} → "
            f"{sci(g1)} {after_name} ({times}). The back-propagated signal dL/dh reaching layer 1, as a share of its "
            f"size at layer {before.depth}: {sci(signal_ratio(before))} → {sci(signal_ratio(after))}.")


def update_sentence(s: DeepNetStats, lr: float) -> str:
    u = relative_update(s, lr)
    return (f"With learning rate {sci(lr)}, one step changes layer 1's weights by {sci(100 * u[0])}% and layer "
            f"{s.depth}'s by {sci(100 * u[-1])}%: the first layer moves {sci(_ratio(u[0], u[-1]))} times as much "
            f"as the last."
            + (" Above 100% one step would throw the weights away entirely: training would blow up."
               if np.nanmax(np.where(np.isfinite(u), u, np.inf)) > 1 else ""))
