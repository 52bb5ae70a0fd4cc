"""Figures and one-sentence summaries for the deep-networks page: gradient per layer (with the variance rule),
activation distributions, saturation, a before/after of a remedy, and the relative update per layer."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.deepnet import DeepNetStats, relative_update
from ui import figures, palette
from ui.fmt import percent, sci

X_TITLE = "layer (1 = nearest the input)"


def _log_axes(fig: go.Figure, *arrays) -> go.Figure:
    low, high = figures.log_range(*arrays)
    figures.power_ticks(fig, low, high)
    return fig


def _ratio(a: float, b: float) -> float:
    with np.errstate(all="ignore"):
        return float(np.float64(a) / np.float64(b))


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def gradient_figure(s: DeepNetStats) -> go.Figure:
    """‖dL/dW_l‖ and the back-propagated signal's std per layer, with the variance rule dashed beside it."""
    fig = figures.figure("How big the gradient is at each layer", X_TITLE, "size (log scale)", log_y=True)
    x = s.layers
    figures.add_line(fig, x, s.grad_norm, "weight gradient ‖dL/dW‖", 0, positive=True, dash="solid",
                     markers=s.depth <= 40, hover="%{y:.3g}")
    figures.add_line(fig, x, s.grad_std, "back-propagated signal (std of dL/dh)", 2, positive=True, dash="solid",
                     markers=s.depth <= 40, hover="%{y:.3g}")
    figures.add_line(fig, x, s.predicted_grad_std, "variance rule's prediction of that signal", 2, positive=True,
                     color=palette.BLACK, dash="dash", width=2, hover="%{y:.3g}")
    return _log_axes(fig, s.grad_norm, s.grad_std, s.predicted_grad_std)


def gradient_summary(s: DeepNetStats) -> str:
    n = s.depth
    return (f"The weight gradient is {sci(s.grad_norm[0])} at layer 1 and {sci(s.grad_norm[-1])} at layer {n} "
            f"(ratio {sci(s.first_to_last)}); the back-propagated signal's std goes from {sci(s.grad_std[-1])} at "
            f"layer {n} to {sci(s.grad_std[0])} at layer 1 (ratio {sci(_ratio(s.grad_std[0], s.grad_std[-1]))}), "
            f"and the variance rule predicted {sci(s.predicted_grad_std[0])}.")


def distribution_figure(s: DeepNetStats) -> go.Figure:
    """One compact box per layer: the middle half of the activation's outputs f(z), whiskers at 1% and 99%."""
    q = s.activation_quantiles
    ok = np.all(np.isfinite(q), axis=1)
    fig = figures.figure("What each layer's activation outputs f(z) look like", X_TITLE, "f(z)", height=380)
    fig.add_trace(go.Box(x=s.layers[ok].tolist(), lowerfence=q[ok, 0].tolist(), q1=q[ok, 1].tolist(),
                         median=q[ok, 2].tolist(), q3=q[ok, 3].tolist(), upperfence=q[ok, 4].tolist(),
                         name="outputs", marker_color=palette.BLUE, line=dict(width=1.5),
                         fillcolor="rgba(0, 114, 178, 0.35)"))
    fig.update_layout(showlegend=False, hovermode="closest")
    fig.update_yaxes(exponentformat="power")  # 2 × 10⁻⁶, never plotly's SI "2µ"
    return fig


def distribution_summary(s: DeepNetStats) -> str:
    q, n = s.activation_quantiles, s.depth
    return (f"At layer 1 the middle half of the outputs lies between {sci(q[0, 1])} and {sci(q[0, 3])}; at layer {n} "
            f"between {sci(q[-1, 1])} and {sci(q[-1, 3])}. The layer output's spread (std) goes from "
            f"{sci(s.activation_std[0])} to {sci(s.activation_std[-1])}.")


def saturation_figure(s: DeepNetStats) -> go.Figure:
    """The share of units whose slope is under 5% of its best: where the gradient barely gets through."""
    fig = figures.figure("Units on the flat part (slope under 5% of its best)", X_TITLE, "share of units (%)",
                         height=380)
    fig.add_trace(go.Bar(x=s.layers.tolist(), y=figures.clean(100 * s.activation_saturation), name="flat",
                         marker_color=palette.EXPLODING, hovertemplate="layer %{x}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(range=[0, 100])
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig


def saturation_summary(s: DeepNetStats, relu_like: bool) -> str:
    sat = s.activation_saturation
    text = (f"{percent(sat[0])} of the units are flat at layer 1 and {percent(sat[-1])} at layer {s.depth} "
            f"(on average {percent(np.nanmean(sat)) if np.isfinite(sat).any() else 'unknown'}).")
    if relu_like:
        text += " For ReLU, “flat” means switched off (input below 0): about half is normal, and those units pass " \
                "no gradient for this example."
    return text


def remedy_figure(before: DeepNetStats, after: DeepNetStats, before_name: str, after_name: str) -> go.Figure:
    """The same network without and with one fix: weight gradient per layer."""
    fig = figures.figure("One fix, before and after: weight gradient ‖dL/dW‖ per layer", X_TITLE,
                         "size (log scale)", log_y=True)
    figures.add_line(fig, before.layers, before.grad_norm, before_name, 1, positive=True, color=palette.VANISHING,
                     dash="dash", hover="%{y:.3g}")
    figures.add_line(fig, after.layers, after.grad_norm, after_name, 2, positive=True, color=palette.STABLE,
                     dash="solid", hover="%{y:.3g}")
    return _log_axes(fig, before.grad_norm, after.grad_norm)


def remedy_summary(before: DeepNetStats, after: DeepNetStats, before_name: str, after_name: str) -> str:
    return (f"{_cap(before_name)}: layer 1's weight gradient is {sci(before.first_to_last)} times layer "
            f"{before.depth}'s. {_cap(after_name)}: {sci(after.first_to_last)} times. The back-propagated signal at "
            f"layer 1 is {sci(_ratio(before.grad_std[0], before.grad_std[-1]))} → "
            f"{sci(_ratio(after.grad_std[0], after.grad_std[-1]))} of its size at the top.")


def update_figure(s: DeepNetStats, lr: float) -> go.Figure:
    """‖ΔW_l‖ / ‖W_l‖ after one plain gradient step: how much of each layer one step would change."""
    u = 100 * relative_update(s, lr)
    fig = figures.figure(f"How much one step (learning rate {sci(lr)}) changes each layer", X_TITLE,
                         "change ‖ΔW‖ / ‖W‖ in % (log scale)", log_y=True)
    figures.add_line(fig, s.layers, u, "relative update", 0, positive=True, markers=s.depth <= 40,
                     hover="%{y:.3g}%")
    return _log_axes(fig, u)


def update_summary(s: DeepNetStats, lr: float) -> str:
    u = relative_update(s, lr)
    return (f"With learning rate {sci(lr)}, one step changes layer 1's weights by {sci(100 * u[0])}% and layer "
            f"{s.depth}'s by {sci(100 * u[-1])}%: the first layer moves {sci(_ratio(u[0], u[-1]))} times as much "
            f"as the last."
            + (" Above 100% one step would throw the weights away entirely: training would blow up."
               if np.nanmax(np.where(np.isfinite(u), u, np.inf)) > 1 else ""))
