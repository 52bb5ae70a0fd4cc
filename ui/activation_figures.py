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
    """The flat regions, shaded over the whole plot; `label` names the first (the tour's slope chart leaves it out: in
    a narrow chart the label would cover its "slope 1" line's)."""
    for i, (a, b) in enumerate(flat_runs(x, act.flat(x))):
        lay.setdefault("shapes", []).append(dict(type="rect", xref="x", x0=a, x1=b, yref="paper", y0=0, y1=1,
                                                 fillcolor=palette.SATURATED_FILL, line=dict(width=0), layer="below"))
        if i == 0 and label:
            lay.setdefault("annotations", []).append(dict(
                xref="x", x=a, yref="paper", y=0.98, text="flat: slope<br>< 5% of best", showarrow=False,
                xanchor="left", yanchor="top", font=dict(size=13, color=palette.EXPLODING)))


def _layout(title: str, y_title: str, *, height: int = 380) -> dict:
    """The house layout of these charts. Their axes are numbers, said outright: else the browser reads through every
    point of every line to guess each axis's type, on each of the two draws of each chart per redraw."""
    lay = figures.layout(title, "input z", y_title, height=height)
    lay["xaxis"]["type"] = lay["yaxis"]["type"] = "linear"
    return lay


def _slopes(act: Activation, x: np.ndarray, others: list[Activation], name=lambda a: a.label) -> list[dict]:
    """The slope lines (the compared ones thin, then the activation's own) and a star at its best slope, labelled."""
    data = [figures.line(x, other.df(x), name(other), i, width=2) for i, other in enumerate(others, start=1)]
    d = act.df(x)
    data.append(figures.line(x, d, name(act), 0))
    k = int(np.argmax(d))
    data.append(dict(type="scatter", x=[float(x[k])], y=[float(d[k])], mode="markers+text", name="best slope",
                     marker=dict(size=13, color=palette.BLACK, symbol="star"),
                     text=[f"best slope {act.max_derivative:g}"],
                     # inside a narrow chart: above a low peak; under a peak at the "slope 1" line's label
                     textposition="top center" if act.max_derivative < 0.9 else "bottom right"))
    return data


def _slope_range(act: Activation, x: np.ndarray) -> list[float]:
    """The slope axis: from just under the lowest slope (or 0) to above 1 and the best slope, so the "slope 1" line
    always shows."""
    return [min(-0.05, float(np.min(act.df(x))) - 0.05), max(1.15, act.max_derivative * 1.15)]


def derivative_figure(act: Activation, x: np.ndarray, others: list[Activation]) -> go.Figure:
    """The slope alone, compared with `others` (the tour's chart; /activations draws pair_figure)."""
    lay = _layout(f"{act.label}: its slope (derivative)", "slope f′(z)")
    _shade(lay, x, act, label=False)
    # A legend only to tell compared slopes apart: alone, the title names the line and the star carries its own words
    # (and a legend is a fifth of the chart's drawing time in the browser, drawn twice per redraw)
    lay["showlegend"] = bool(others)
    figures.put_hline(lay, 1.0, "slope 1: size kept", color=palette.BLACK, side="right")
    lay["yaxis"]["range"] = _slope_range(act, x)
    return figures.light(dict(data=_slopes(act, x, others), layout=lay))


PAIR_HEIGHT = 500  # px: the tallest that still ends inside a 1280×720 window at a desk (measured: at 702 px)
PAIR_GAP = 0.08  # of the plot's height, between the panels


def pair_figure(act: Activation, x: np.ndarray, others: list[Activation]) -> go.Figure:
    """The function above its slope, one chart with two panels sharing the input axis (the stage's chart): a flat
    stretch of the function lines up with the near-zero slope under it, and the shading runs through both panels.

    One chart, not two side by side: each chart costs the browser a mount and two draws per redraw, and a phone
    stacks two charts anyway, each at full height."""
    lay = _layout(f"{act.label} and its slope", f"{act.label}(z)", height=PAIR_HEIGHT)
    half = (1 - PAIR_GAP) / 2
    lay["yaxis"]["domain"] = [1 - half, 1]
    lay["yaxis2"] = dict(lay["yaxis"], domain=[0, half], title=dict(text="slope f′(z)"), range=_slope_range(act, x))
    lay["xaxis"]["anchor"] = "y2"  # the input axis under the lower panel, for both
    _shade(lay, x, act)  # the shading spans the whole plot: both panels
    figures.put_hline(lay, 1.0, "slope 1: size kept", color=palette.BLACK, side="right", axis="y2")
    lay["showlegend"] = bool(others)  # as in derivative_figure; here the panels' axis titles name the lines
    function = dict(figures.line(x, act.f(x), f"{act.label}(z)", 0), showlegend=False)
    slopes = [dict(t, yaxis="y2") for t in _slopes(act, x, others, name=lambda a: f"slope of {a.label}")]
    return figures.light(dict(data=[function, *slopes], layout=lay))
