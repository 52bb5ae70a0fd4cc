"""Figures for the chain page: each factor, and the running product on a log axis with its ceiling."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.chain import ChainResult
from ui import figures, palette, sweep


def factors_figure(r: ChainResult, ceiling_factor: float) -> go.Figure:
    """One bar per layer: the number backprop multiplies by there, beside the best it could be."""
    layers = np.arange(1, r.depth + 1)
    fig = figures.figure("Each layer's factor (slope × weight)", "layer (counted back from the output)", "factor")
    colors = [palette.EXPLODING if abs(v) > 1 else palette.VANISHING for v in r.factors]
    fig.add_trace(go.Bar(x=layers.tolist(), y=figures.clean(r.factors), marker_color=colors, name="factor",
                         hovertemplate="layer %{x}: × %{y:.3g}<extra></extra>"))
    figures.add_hline(fig, 1.0, "factor = 1: size kept", color=palette.BLACK)
    if np.isfinite(ceiling_factor) and abs(ceiling_factor - 1.0) > 1e-12:
        figures.add_hline(fig, ceiling_factor, f"best possible: {ceiling_factor:.3g}", color=palette.REFERENCE)
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig


def _product_series(r: ChainResult, ceiling_factor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Layers passed 0..depth, the best-case ceiling and the chain's running product (NaN where not drawable)."""
    n = np.arange(0, r.depth + 1)
    # Plot from log10 so products beyond a float's range are still drawn where plotly can show them.
    log_running = np.concatenate([[0.0], r.log10_running])
    shown = np.where((log_running > -300) & (log_running < 300), log_running, np.nan)
    values = np.power(10.0, shown)
    with np.errstate(divide="ignore"):
        log_ceiling = n * np.log10(abs(ceiling_factor)) if ceiling_factor != 0 else np.full(n.size, -np.inf)
    ceiling = np.power(10.0, np.where(np.abs(log_ceiling) < 300, log_ceiling, np.nan))
    return n, ceiling, values


def product_traces(r: ChainResult, ceiling_factor: float) -> list[dict]:
    """One sweep step of product_figure: the data of its two lines (ceiling, this chain)."""
    n, ceiling, values = _product_series(r, ceiling_factor)
    return [sweep.straight(n, ceiling, positive=True), sweep.xy(n, values, positive=True)]


def product_sweep_figure(sweep_traces: dict[int, list[dict]], r: ChainResult, ceiling_factor: float,
                         ceiling_name: str) -> sweep.SweepFigure:
    """product_figure of `r`, with an in-chart slider over the depths of `sweep_traces` ({depth: product_traces});
    r's own depth is added from r.

    Its line has no markers, whatever the depth: its frames run from 1 to 100 layers, where a marker per layer
    crowds the line (product_figure leaves them out beyond 40), and every marker is restyled on each step of a
    drag (in Chromium, plotly's step on /chain's chart took 6.2–8.5 ms without them, 9.0–9.6 ms with them)."""
    traces = {**sweep_traces, r.depth: product_traces(r, ceiling_factor)}
    steps, active = sweep.ordered(traces, sorted(traces), r.depth)
    return sweep.sweep_figure(_product_spec(r, ceiling_factor, ceiling_name, markers=False), steps, active,
                              what="depth", extra_y=[1.0])


def product_figure(r: ChainResult, ceiling_factor: float, ceiling_name: str) -> go.Figure:
    """The gradient's size after each layer, relative to its size at the output, on a log axis."""
    return figures.light(_product_spec(r, ceiling_factor, ceiling_name))


def _product_spec(r: ChainResult, ceiling_factor: float, ceiling_name: str, *, markers: bool = True) -> dict:
    """product_figure as plain dicts: the stage's main chart, built afresh on every move of its controls. A marker
    per layer while there are at most 40 (with `markers`)."""
    n, ceiling, values = _product_series(r, ceiling_factor)
    lay = figures.layout("How big the gradient still is", "layers passed through (backwards)",
                         "size relative to the output (log scale)", log_y=True)
    data = [figures.line(n, ceiling, ceiling_name, 1, positive=True, color=palette.REFERENCE, width=2),
            figures.line(n, values, "this chain", 0, positive=True, markers=markers and r.depth <= 40,
                         hover="after %{x} layers: %{y:.3g}<extra></extra>")]
    figures.put_hline(lay, 1.0, "1 = unchanged", color=palette.BLACK)
    figures.put_power_ticks(lay, *figures.log_range(values, ceiling, [1.0]))
    return dict(data=data, layout=lay)
