"""Figures for the activations page: the function and its slope, flat regions shaded, the best slope marked."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.activations import Activation
from ui import figures, palette


def flat_runs(x: np.ndarray, flat: np.ndarray) -> list[tuple[float, float]]:
    """The [start, end] x-intervals where `flat` is True, for shading."""
    runs, start = [], None
    for xi, f in zip(x, flat, strict=True):
        if f and start is None:
            start = xi
        elif not f and start is not None:
            runs.append((float(start), float(xi)))
            start = None
    if start is not None:
        runs.append((float(start), float(x[-1])))
    return runs


def _shade(lay: dict, x: np.ndarray, act: Activation, *, label: bool = True) -> None:
    """The flat regions, shaded; `label` names the first (the slope chart beside the function's leaves it to it:
    in a narrow chart the label would cover its "slope 1" line's)."""
    for i, (a, b) in enumerate(flat_runs(x, act.flat(x))):
        lay.setdefault("shapes", []).append(dict(type="rect", xref="x", x0=a, x1=b, yref="paper", y0=0, y1=1,
                                                 fillcolor=palette.SATURATED_FILL, line=dict(width=0), layer="below"))
        if i == 0 and label:
            lay.setdefault("annotations", []).append(dict(
                xref="x", x=a, yref="paper", y=0.98, text="flat: slope<br>< 5% of best", showarrow=False,
                xanchor="left", yanchor="top", font=dict(size=13, color=palette.EXPLODING)))


# Both charts are the stage's, built afresh on every move of its controls: as plain dicts (figures.light), fast.
def function_figure(act: Activation, x: np.ndarray) -> go.Figure:
    lay = figures.layout(f"{act.label}: the function", "input z", f"{act.label}(z)", height=380)
    _shade(lay, x, act)
    lay["showlegend"] = False
    return figures.light(dict(data=[figures.line(x, act.f(x), act.label, 0)], layout=lay))


def derivative_figure(act: Activation, x: np.ndarray, others: list[Activation]) -> go.Figure:
    lay = figures.layout(f"{act.label}: its slope (derivative)", "input z", "slope f′(z)", height=380)
    _shade(lay, x, act, label=False)
    data = [figures.line(x, other.df(x), other.label, i, width=2) for i, other in enumerate(others, start=1)]
    d = act.df(x)
    data.append(figures.line(x, d, act.label, 0))
    k = int(np.argmax(d))
    data.append(dict(type="scatter", x=[float(x[k])], y=[float(d[k])], mode="markers+text", name="best slope",
                     marker=dict(size=13, color=palette.BLACK, symbol="star"),
                     text=[f"best slope {act.max_derivative:g}"],
                     # inside a narrow chart: above a low peak; under a peak at the "slope 1" line's label
                     textposition="top center" if act.max_derivative < 0.9 else "bottom right"))
    figures.put_hline(lay, 1.0, "slope 1: size kept", color=palette.BLACK, side="right")
    lay["yaxis"]["range"] = [min(-0.05, float(np.min(d)) - 0.05), max(1.15, act.max_derivative * 1.15)]
    return figures.light(dict(data=data, layout=lay))
