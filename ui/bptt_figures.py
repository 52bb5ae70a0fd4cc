"""Figures for the BPTT page (their words are in ui.bptt_words): norms per step, heatmap, factors, diagram, clipping.

Curves are drawn from log10 values, so parts beyond a float's range (10^±308) are left out instead of
becoming 0 or inf; no NaN or inf ever reaches plotly.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.rnn import BPTTResult, UpdateSizes
from ui import figures, palette, sweep
from ui.bptt_words import label, overall_floor
from ui.fmt import sci_log10, superscript

HEAT_UNITS, HEAT_STEPS = 24, 120  # heatmap cells kept few: the browser redraws it on every slider move
SHOWN = 300.0  # draw values between 10⁻³⁰⁰ and 10³⁰⁰; beyond that a browser's numbers run out too


def _drawable(log10_values) -> np.ndarray:
    logs = np.asarray(log10_values, dtype=float)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        return np.where(np.abs(logs) < SHOWN, np.power(10.0, np.where(np.abs(logs) < SHOWN, logs, 0.0)), np.nan)


def norms_y_title(cells: set[str]) -> str:
    """The norms chart's y-axis title, naming only what is drawn: the plain RNN's state is c(t), a gated cell's
    output h(t)."""
    rnn, gated = "rnn" in cells, bool(cells - {"rnn"})
    what = ("the RNN's ‖dE/dc(t)‖, the gated cells' ‖dE/dh(t)‖" if rnn and gated else
            "‖dE/dh(t)‖" if gated else "‖dE/dc(t)‖")
    return f"gradient size {what} (log)"


_NORMS_TITLES = ("How big the gradient is at each time step", "time step t (the error is at the right end)")


def _norms_axes(cells: set[str]) -> go.Figure:
    return figures.figure(*_NORMS_TITLES, norms_y_title(cells), log_y=True, height=460)


def norms_traces(r: BPTTResult) -> list[dict]:
    """One sweep step of the plain RNN's norms chart: its bound, its gradient and its float32 floor.

    Always three traces (empty where there is nothing to draw): a sweep's frames may not add or drop lines.
    """
    t = np.arange(r.steps + 1)
    none = dict(x=[], y=[])
    has_bound = r.has_bound and r.log10_bound is not None and np.isfinite(r.log10_norms[-1])
    return [sweep.straight(t, _drawable(r.log10_bound), positive=True) if has_bound else none,
            sweep.xy(t, _drawable(r.log10_norms), positive=True),
            sweep.xy([0, r.steps], [r.floor, r.floor], positive=True) if r.floor > 0 else none]


def norms_sweep_figure(sweep_traces: dict[float, list[dict]], r: BPTTResult) -> sweep.SweepFigure:
    """The norms chart of one plain-RNN result `r`, with an in-chart slider over the weight scales of
    `sweep_traces` ({scale: norms_traces}); r's own scale is added from r."""
    lay = figures.layout(*_NORMS_TITLES, norms_y_title({r.cfg.cell}), log_y=True, height=460)  # as dicts: fast
    data = [figures.line([], [], name, 0 if i < 2 else 1, positive=True, **style) for i, (name, style) in enumerate([
            (f"bound for the {label(r)}", dict(color=palette.REFERENCE, dash="dash", width=2)),
            (label(r), dict(hover=f"{label(r)}, step %{{x}}: %{{y:.3g}}<extra></extra>")),
            ("floor: lost in float32 rounding below here", dict(color=palette.REFERENCE, dash="dot", width=2))])]
    scale = r.cfg.weight_scale
    steps, active = sweep.ordered({**sweep_traces, scale: norms_traces(r)}, sorted({*sweep_traces, scale}), scale,
                                  label=lambda v: f"{v:g}")
    return sweep.sweep_figure(dict(data=data, layout=lay), steps, active, what="weight scale")


def norms_figure(results: list[BPTTResult]) -> go.Figure:
    """‖dE/dc(t)‖ (plain RNN) or ‖dE/dh(t)‖ (LSTM, GRU) per step, log axis, with the bound and the float32 floor."""
    fig = _norms_axes({r.cfg.cell for r in results})
    drawn = []
    for i, r in enumerate(results):
        t = np.arange(r.steps + 1)
        if r.has_bound and r.log10_bound is not None and np.isfinite(r.log10_norms[-1]):
            bound = _drawable(r.log10_bound)
            figures.add_line(fig, t, bound, f"bound for the {label(r)}", i, positive=True,
                             color=palette.REFERENCE, dash="dash", width=2)
            drawn.append(bound)
        values = _drawable(r.log10_norms)
        figures.add_line(fig, t, values, label(r), i, positive=True,
                         hover=f"{label(r)}, step %{{x}}: %{{y:.3g}}<extra></extra>")
        drawn.append(values)
        if r.cell_norms is not None:
            cells = _drawable(r.log10_cell_norms)
            figures.add_line(fig, t, cells, "LSTM cell-state path", i, positive=True, dash="dot", width=2,
                             hover="LSTM cell state, step %{x}: %{y:.3g}<extra></extra>")
            drawn.append(cells)
    floor = overall_floor(results)
    if floor > 0:
        figures.add_hline(fig, floor, "floor: lost in float32 rounding below here")
        drawn.append([floor])
    lo, hi = figures.log_range(*drawn) if drawn else (0.0, 1.0)
    figures.power_ticks(fig, lo, hi)
    return fig


def heatmap_figure(r: BPTTResult, max_units: int = HEAT_UNITS, max_steps: int = HEAT_STEPS) -> go.Figure:
    """log10 |dE/dc_i(t)| for the first units and (evenly spaced) steps: small enough to redraw at once."""
    steps = np.unique(np.linspace(0, r.steps, min(r.steps + 1, max_steps)).round().astype(int))
    units = min(r.log10_abs_grads.shape[1], max_units)
    z = r.log10_abs_grads[steps][:, :units].T
    z = np.where(np.isfinite(z), np.clip(z, -SHOWN, SHOWN), np.nan).round(2)
    zmin, zmax = (float(np.nanmin(z)), float(np.nanmax(z))) if np.isfinite(z).any() else (-1.0, 0.0)
    if zmax - zmin < 1:
        zmin = zmax - 1
    lo, hi = int(np.ceil(zmin)), int(np.floor(zmax))
    ticks = np.arange(lo, hi + 1, max(1, int(np.ceil((hi - lo) / 6)))) if hi >= lo else np.array([hi])
    state = "c" if r.cfg.cell == "rnn" else "h"
    fig = figures.figure(f"|dE/d{state}(t)| for each hidden unit: {label(r)}", "time step t",
                         "hidden unit", height=380)
    fig.add_trace(go.Heatmap(
        x=steps.tolist(), y=list(range(1, units + 1)),
        z=np.where(np.isnan(z), None, z).tolist(),
        zmin=zmin, zmax=zmax, colorscale="Viridis", hoverongaps=False,
        colorbar=dict(title="size", tickvals=ticks.tolist(), ticktext=[_power(int(k)) for k in ticks]),
        hovertemplate="unit %{y}, step %{x}: 10^%{z:.1f}<extra></extra>"))
    fig.update_layout(hovermode="closest", margin_r=110)  # room for the colour bar, so plotly need not make it
    return fig


def _power(k: int) -> str:
    return "1" if k == 0 else "10" if k == 1 else f"10{superscript(k)}"


def factors_figure(results: list[BPTTResult]) -> go.Figure:
    """The factor each step back multiplies the gradient by, with factor = 1 and (plain RNN) the largest possible."""
    fig = figures.figure("What each step back multiplies the gradient by", "time step t",
                         "size at step t−1 ÷ size at step t", height=380)
    top = 1.0
    for i, r in enumerate(results):
        f = np.where(np.isfinite(r.step_factors), r.step_factors, np.nan)
        figures.add_line(fig, np.arange(1, r.steps + 1), f, label(r), i,
                         hover=f"{label(r)}, step %{{x}}: × %{{y:.3g}}<extra></extra>")
        top = max(top, float(np.nanmax(f)) if np.isfinite(f).any() else 1.0)
        gw = r.gamma_w
        if r.has_bound and gw is not None and abs(gw - 1) > 1e-9:
            _right_line(fig, gw, f"largest possible for the {label(r)}: γ·‖W_rec‖ = {gw:.3g}")
            top = max(top, gw)
    figures.add_hline(fig, 1.0, "factor = 1: size kept", color=palette.BLACK)
    fig.update_layout(yaxis=dict(range=[0, top * 1.1]))
    return fig


def _right_line(fig: go.Figure, y: float, text: str) -> None:
    """A dashed reference line labelled at the right end, so it does not sit on the 'factor = 1' label."""
    fig.add_shape(type="line", xref="paper", x0=0, x1=1, yref="y", y0=y, y1=y, layer="below",
                  line=dict(color=palette.REFERENCE, dash="dash", width=2))
    fig.add_annotation(xref="paper", x=1, yref="y", y=y, text=text, showarrow=False, xanchor="right",
                       yanchor="bottom", font=dict(color=palette.REFERENCE, size=13))


def diagram_steps(r: BPTTResult, nodes: int = 8) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """The steps the diagram draws, and the skip path's jumps among them as (from step, to step) pairs.

    Without a skip path: `nodes` evenly spaced steps. With skip = k ≤ T: T, T − g, T − 2g, … and 0, for a gap g
    that is a whole number of jumps (k, 2k, …), so each pair in that chain is linked by the path with no weight
    on it (plus the evenly spaced steps when the jumps are so long that the chain has few links).
    """
    steps = np.unique(np.linspace(0, r.steps, min(nodes, r.steps + 1)).round().astype(int))
    k = int(r.cfg.skip)
    if not 0 < k <= r.steps:
        return steps, []
    gap = k * -(-max(1, round(r.steps / (nodes - 1))) // k)  # the even spacing, rounded up to whole jumps
    chain = list(range(r.steps, -1, -gap))
    drawn = np.unique([*chain, 0])
    if drawn.size < nodes // 2:  # long jumps: keep the evenly spaced steps too, so the step-by-step path shows
        drawn = np.union1d(drawn, steps)
    return drawn, list(zip(chain[:-1], chain[1:], strict=True))


def _bezier(start: np.ndarray, bend: np.ndarray, end: np.ndarray, u: float) -> np.ndarray:
    """The point at u ∈ [0, 1] along the quadratic curve plotly draws for the path 'M start Q bend end'."""
    return (1 - u) ** 2 * start + 2 * u * (1 - u) * bend + u * u * end


def _skip_arcs(xs: list[float], steps: np.ndarray, jumps: list[tuple[int, int]], k: int):
    """Faint curves over the nodes, one per link of the skip path, each with its arrowhead (the first also with its
    jump count); also how high the tallest one reaches (for the y range)."""
    at = {int(t): xs[i] for i, t in enumerate(steps)}
    color = "rgba(0,158,115,0.55)"  # palette.STABLE, faint: the path keeps the gradient as it is
    shapes, notes, high = [], [], 1.0
    for b, a in jumps:
        start, end = np.array([at[b] - 0.12, 0.27]), np.array([at[a] + 0.12, 0.27])
        bend = (start + end) / 2 + [0.0, 0.5 + 0.04 * (start[0] - end[0])]  # longer jumps arc higher
        shapes.append(dict(type="path", path=f"M {start[0]},{start[1]} Q {bend[0]},{bend[1]} {end[0]},{end[1]}",
                           layer="below", line=dict(color=color, width=2, dash="dot")))
        tail, top = (_bezier(start, bend, end, u) for u in (0.85, 0.5))  # the arrowhead's tail; the label
        notes.append(dict(x=end[0], y=end[1], ax=tail[0], ay=tail[1], xref="x", yref="y", axref="x", ayref="y",
                          text="", showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=2, arrowcolor=color))
        if b == jumps[0][0]:  # the first link only: more labels would crowd the arcs
            n = (b - a) // k
            said = f"{k} step{'s' if k > 1 else ''}" if n == 1 else f"{n} jumps of {k}"
            notes.append(dict(x=top[0], y=top[1], yshift=7, showarrow=False, text=said,
                              font=dict(size=11, color=palette.GREEN)))
        high = max(high, float(top[1]) + 0.3)
    return shapes, notes, high


def diagram_figure(r: BPTTResult, nodes: int = 8) -> go.Figure:
    """A few unrolled steps; each backward arrow's opacity follows the gradient's size (log scale, 12 decades).

    With a skip path (cfg.skip = k), faint dotted arcs show its jumps among the drawn steps (see diagram_steps).
    """
    steps, jumps = diagram_steps(r, nodes)
    logs = r.log10_norms[steps]
    finite = logs[np.isfinite(logs)]
    top = float(finite.max()) if finite.size else 0.0
    strength = np.where(np.isfinite(logs), np.clip(1 + (logs - top) / 12.0, 0.0, 1.0), np.where(logs > 0, 1.0, 0.0))
    color = palette.EXPLODING if r.regime == "exploding" else palette.VANISHING
    x = np.arange(steps.size, dtype=float)
    state = "c" if r.cfg.cell == "rnn" else "h"
    sizes = [sci_log10(v) for v in logs]
    xs = x.tolist()
    rgb = tuple(int(color[i: i + 2], 16) for i in (1, 3, 5))
    arrows = [dict(x=xs[k] + 0.22, y=0.0, ax=xs[k + 1] - 0.22, ay=0.0, xref="x", yref="y", axref="x", ayref="y",
                   showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=1 + 5 * float(strength[k]), text="",
                   arrowcolor=f"rgba({rgb[0]},{rgb[1]},{rgb[2]},{0.06 + 0.94 * float(strength[k]):.2f})")
              for k in range(steps.size - 1)]
    arrows.append(dict(x=xs[-1] + 0.7, y=0.0, text="<b>E</b>", showarrow=False, font=dict(size=20)))
    shapes, notes, high = _skip_arcs(xs, steps, jumps, int(r.cfg.skip))
    # Text as scatter traces and every annotation in one layout dict: plotly validates each add_* call slowly.
    return go.Figure(
        data=[
            go.Scatter(x=xs, y=[0.0] * steps.size, mode="markers+text", text=[f"{state}({t})" for t in steps],
                       textposition="middle center", customdata=sizes, showlegend=False,
                       marker=dict(size=46, color="white", line=dict(color="#333", width=2)),
                       hovertemplate="step %{text}: gradient %{customdata}<extra></extra>"),
            go.Scatter(x=xs, y=[-0.55] * steps.size, mode="text", text=sizes, showlegend=False, hoverinfo="skip",
                       textfont=dict(size=13, color="#333")),
            go.Scatter(x=xs, y=[0.75] * steps.size, mode="text", showlegend=False, hoverinfo="skip",
                       text=[f"x({t})" if t > 0 else "start" for t in steps],
                       textfont=dict(size=12, color=palette.GREY)),
        ],
        layout=dict(
            title=dict(text=f"The gradient flowing back through the {label(r)}", font=dict(size=17)),
            height=230 if not jumps else 270, margin=dict(l=20, r=20, t=50, b=10), font=figures.FONT,
            hovermode="closest", annotations=arrows + notes, shapes=shapes,
            xaxis=dict(visible=False, range=[-0.6, xs[-1] + 1.0]), yaxis=dict(visible=False, range=[-0.9, high])))


def clip_figure(u: UpdateSizes) -> go.Figure:
    """Each step's share of the update, raw and after clipping the whole gradient."""
    fig = figures.figure("Each step's share of one weight update", "time step t",
                         "size of the update (log scale)", log_y=True, height=400)
    t = np.arange(1, u.sizes.size + 1)
    raw = _drawable(u.log10_sizes)
    figures.add_line(fig, t, raw, "without clipping", 0, positive=True,
                     hover="step %{x}, raw: %{y:.3g}<extra></extra>")
    drawn = [raw]
    if u.clipped is not None:
        clipped = _drawable(u.log10_sizes + u.log10_clip_scale)
        figures.add_line(fig, t, clipped, f"clipped to gradient norm {u.threshold:g}", 1, positive=True,
                         hover="step %{x}, clipped: %{y:.3g}<extra></extra>")
        drawn.append(clipped)
    figures.power_ticks(fig, *figures.log_range(*drawn))
    return fig
