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
    return prose("deep", "numbers-gradient", depth=s.depth, w_first=sci(s.grad_norm[0]), w_last=sci(s.grad_norm[-1]),
                 w_ratio=sci(s.first_to_last), s_last=sci(s.grad_std[-1]), s_first=sci(s.grad_std[0]),
                 s_ratio=sci(_ratio(s.grad_std[0], s.grad_std[-1])), predicted=sci(s.predicted_grad_std[0]))


def distribution_sentence(s: DeepNetStats) -> str:
    q = s.activation_quantiles
    return prose("deep", "numbers-distribution", depth=s.depth, q1_first=sci(q[0, 1]), q3_first=sci(q[0, 3]),
                 q1_last=sci(q[-1, 1]), q3_last=sci(q[-1, 3]), std_first=sci(s.activation_std[0]),
                 std_last=sci(s.activation_std[-1]))


def saturation_sentence(s: DeepNetStats) -> str:
    """The flat share per layer, and what "flat" means for this activation's negative side."""
    sat = s.activation_saturation
    text = prose("deep", "numbers-saturation", first=percent(sat[0]), last=percent(sat[-1]), depth=s.depth,
                 mean=percent(np.nanmean(sat)) if np.isfinite(sat).any() else "unknown")
    act = get_activation(s.config.activation)
    if act.saturates:
        return text
    neg = float(act.df(np.array([-1.0]))[0])
    if neg == 0:
        return text + " " + prose("deep", "flat-relu", label=act.label)
    if neg < 1:
        return text + " " + prose("deep", "flat-leaky", label=act.label, neg=sci(neg))
    return text


def remedy_sentence(before: DeepNetStats, after: DeepNetStats, before_name: str, after_name: str) -> str:
    """Before and after one fix, each judged by the same two quantities: weight gradient size, signal share."""
    g0, g1 = float(before.grad_norm[0]), float(after.grad_norm[0])
    change = _ratio(g1, g0)
    if math.isfinite(change) and change > 0:
        change_text = f"{sci(change)} times larger" if change >= 1 else f"{sci(1 / change)} times smaller"
    else:
        change_text = "changed"
    return prose("deep", "numbers-remedy", before=sci(g0), after=sci(g1), before_name=before_name,
                 after_name=after_name, change=change_text, depth=before.depth,
                 signal_before=sci(signal_ratio(before)), signal_after=sci(signal_ratio(after)))


def update_sentence(s: DeepNetStats, lr: float) -> str:
    u = relative_update(s, lr)
    blowup = np.nanmax(np.where(np.isfinite(u), u, np.inf)) > 1
    return prose("deep", "numbers-update", lr=sci(lr), first=sci(100 * u[0]), last=sci(100 * u[-1]), depth=s.depth,
                 ratio=sci(_ratio(u[0], u[-1])),
                 blowup=" Above 100% one step would throw the weights away entirely: training would blow up."
                 if blowup else "")
