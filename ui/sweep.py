"""An in-chart sweep: a plotly slider inside the chart that swaps precomputed data in the browser, no server trip.

The server computes the chart's data for a list of values of one parameter; each becomes a named frame, and the
slider's steps `animate` to it with `redraw: false` (measured in Chromium inside st.plotly_chart: about 11 ms a
step, against about 51 ms for `restyle` and more than 100 ms for a Streamlit rerun). Such frames only replace
the traces' x and y, so every frame has the same traces, and the axes are fixed: across, to hold every frame; up, to
the page's own setting with room around it (a range that held every frame squashed the page's own line flat: at
weight scale 3 a gradient grows by 10⁴⁷, so the axis ran over 170 powers of ten). A frame that grows or shrinks
beyond that room leaves the chart at its edge, which is how a sweep shows exploding and vanishing.
The slider's position stays in the browser: it never reaches Python and cannot enter the URL.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import figures

SLIDER_ROOM = 80  # px above the plot for the slider, its current value and its tick labels
PLOT_SHARE = 40  # px of that the plot itself gives up: a sweep chart is only 40 px taller than its plain twin,
# so at a 1280×720 desk the stage's chart ends inside the window on arrival
BUDGET_MS = 100.0  # server time a sweep may add to one rerun at a page's default settings
# Steps on a sweep's rail at the most: plotly lays out every step's label, and again with the current value's prefix,
# each time it draws the chart (twice per redraw in Streamlit 1.67); 100 steps cost /chain's chart more than its
# lines (in Chromium, one chart's two draws: ~55 ms with 100 steps, ~40 ms with 50, ~15 ms with no rail).
MAX_STEPS = 50
RAIL = "a rail with a step for every value takes the browser longer to draw than the chart's lines"
MAX_POINTS = 8_000  # (x, y) points sent per sweep over all its frames: keeps a rerun's message under ~0.25 MB
# Significant digits of every number a sweep sends (its frames and the line it opens on, which must match): hover
# shows three, a pixel is a far coarser step, and a float's 17 made /bptt's sweep 168 kB of text for the browser to
# parse and restyle twice per redraw (113 kB with 6).
DIGITS = 6
STEP = dict(mode="immediate", frame=dict(duration=0, redraw=False), transition=dict(duration=0))
# Room on the up axis around the page's own line: half its span on each side, on a log axis at least three powers
# of ten (so a line that changes little still has room to move before it leaves the chart).
ROOM, LOG_ROOM = 0.5, 3.0


class SweepFigure(go.Figure):
    """A figure whose frames and slider are kept as plain dicts, added to its dict as they are.

    Plotly validates every Frame's traces and every slider step as it builds them (about 0.6 ms a trace:
    180 ms for 93 steps of 3 lines, and 60 ms more for the slider's steps); ours only carry lists of numbers.
    """

    _sweep_frames: list[dict]
    _sweep_slider: dict

    def to_dict(self) -> dict:
        out = super().to_dict()
        out["frames"] = self._sweep_frames
        out.setdefault("layout", {})["sliders"] = [self._sweep_slider]
        return out

    def sweep_copy(self) -> SweepFigure:
        """A copy that keeps the frames and the slider (plotly's own copy knows nothing of them)."""
        spec = go.Figure.to_dict(self)  # the chart without its frames and slider, which are shared, not copied
        out = figures.light(spec, SweepFigure)
        out._sweep_frames, out._sweep_slider = self._sweep_frames, dict(self._sweep_slider)
        return out

    def slider_text(self, size: int) -> None:
        """The slider's tick labels and its current value at `size` px (ui/figures.for_projector)."""
        self._sweep_slider = dict(self._sweep_slider, font=dict(size=size),
                                  currentvalue=dict(self._sweep_slider["currentvalue"], font=dict(size=size)))


def plan(values: Sequence, cost_ms: float, *, points_per_step: int = 0, budget_ms: float = BUDGET_MS,
         least: int = 2) -> tuple | None:
    """Which of `values` to precompute, each costing about `cost_ms`: all of them when they fit the time budget (and
    MAX_STEPS), else an evenly spread few (always the first and the last); None when fewer than `least` fit: no sweep.

    The plan does not depend on the page's current value (which the page computes anyway and adds, see ordered),
    so a cached sweep is reused while the page's own slider moves.
    """
    vals = list(values)
    fit = min(_affordable(cost_ms, points_per_step, budget_ms), MAX_STEPS)
    if fit >= len(vals):
        return tuple(vals)
    if fit < least:
        return None
    return tuple(vals[i] for i in np.unique(np.linspace(0, len(vals) - 1, fit).round().astype(int)))


def _affordable(cost_ms: float, points_per_step: int, budget_ms: float) -> int:
    """How many steps the time budget and MAX_POINTS allow."""
    fit = int(budget_ms // max(cost_ms, 1e-9))
    return min(fit, MAX_POINTS // points_per_step) if points_per_step > 0 else fit


def why_fewer(cost_ms: float, slow: str, *, points_per_step: int = 0, budget_ms: float = BUDGET_MS) -> str:
    """Why a plan (same arguments) holds fewer than all values: `slow` (the page's words for "too slow to
    precompute") when time or MAX_POINTS thinned it, else RAIL (MAX_STEPS did)."""
    return RAIL if _affordable(cost_ms, points_per_step, budget_ms) >= MAX_STEPS else slow


def ordered(data: dict, values: Sequence, current, label=str) -> tuple[list[tuple[str, list[dict]]], int]:
    """Steps for sweep_figure from {value: traces} (which must hold the page's current value), in the order of
    `values`, and the index of the current value's step."""
    keep = [v for v in values if v in data]
    return [(label(v), data[v]) for v in keep], keep.index(current)


def caption(what: str, shown: int, total: int, why_fewer: str = "") -> None:
    """The sentence under a sweep: what the in-chart slider does, and what it cannot do."""
    fewer = f" It holds {shown} of the {total} values of the control above: {why_fewer}." if shown < total else ""
    st.caption(f"Drag the slider inside the chart to sweep the {what}; the control above sets the page. The sweep "
               f"happens in your browser only: it does not change the verdict, the numbers in the text or the link, "
               f"since its position never reaches the server. The axes stay where the page's own setting puts them, "
               f"so a line that grows or shrinks far enough leaves the chart at its edge.{fewer}")


def xy(x, y, *, positive: bool = False) -> dict:
    """One trace's data for a frame: x as plain numbers, y cleaned (NaN and ±inf become gaps; on log axes, ≤ 0 too)
    and given to DIGITS significant digits."""
    return dict(x=np.asarray(x).tolist(), y=[v if v is None else float(f"{v:.{DIGITS}g}")
                                             for v in figures.clean(y, positive=positive)])


def straight(x, y, *, positive: bool = False) -> dict:
    """Like xy, for a line that is straight on the chart (a power law on a log axis): only the first and last
    drawable points, which draw the same line with a fraction of the numbers to send."""
    d = xy(x, y, positive=positive)
    kept = [i for i, v in enumerate(d["y"]) if v is not None]
    ends = sorted({kept[0], kept[-1]}) if kept else []
    return dict(x=[d["x"][i] for i in ends], y=[d["y"][i] for i in ends])


def sweep_figure(base: go.Figure | dict, steps: Sequence[tuple[str, Sequence[dict]]], active: int, *, what: str,
                 extra_y: Sequence[float] = ()) -> SweepFigure:
    """`base` (styled, one trace per entry of each step's list) turned into a chart with a slider over `steps`.

    `base` is a figure or, cheaper, its plain dict {"data": [trace dicts], "layout": dict} (figures.layout, .line),
    which this takes over. Each step is (label, [dict(x=..., y=...) per trace]). The figure opens on steps[active]:
    its traces carry that step's data, not only the slider's position. Axes are fixed (frames cannot redraw them):
    across, to every step's range; up, to the active step's range (and `extra_y`, such as a reference line at 1) with
    room around it, never more than every step's range. A trace that is empty in every step is dropped. Built as
    dicts and handed to plotly once (figures.light): this chart is redrawn on every move of the page's controls.
    """
    spec = base.to_dict() if isinstance(base, go.Figure) else base
    data, lay = spec["data"], spec.get("layout", {})
    n = len(data)
    if not steps or not 0 <= active < len(steps):
        raise ValueError("a sweep needs at least one step, and the active one among them")
    if any(len(traces) != n for _, traces in steps):
        raise ValueError(f"every step of a sweep must give data for all {n} traces of the chart")
    used = [i for i in range(n) if any(len(traces[i]["x"]) for _, traces in steps)]
    if len(used) < n:  # a line no step draws is left out, legend entry and all (say, a bound that never holds)
        data = [data[i] for i in used]
        steps = [(label, [traces[i] for i in used]) for label, traces in steps]
    for trace, d in zip(data, steps[active][1], strict=True):
        trace.update(x=d["x"], y=d["y"])
    _fix_axes(lay, steps, active, extra_y)
    _clear_of_rail(lay)
    margin = lay.setdefault("margin", {})
    margin["t"] = (margin.get("t") or 0) + SLIDER_ROOM
    lay["height"] = (lay.get("height") or 450) + SLIDER_ROOM - PLOT_SHARE
    lay["title"] = dict(lay.get("title", {}), y=1, yref="container", yanchor="top", pad=dict(t=12))
    fig = figures.light(dict(data=data, layout=lay), SweepFigure)
    fig._sweep_frames = [dict(name=label, data=[dict(x=d["x"], y=d["y"]) for d in traces]) for label, traces in steps]
    fig._sweep_slider = dict(
        active=active, x=0, len=1, y=1, yanchor="bottom", pad=dict(t=0, b=18), ticklen=5, minorticklen=3,
        transition=dict(duration=0), font=dict(size=13),
        currentvalue=dict(prefix=f"drag to sweep the {what}: ", font=dict(size=15), offset=8),
        steps=[dict(method="animate", label=label, args=[[label], STEP]) for label, _ in steps],
    )
    return fig


def _clear_of_rail(lay: dict) -> None:
    """A reference line's label drawn over a line at the plot's top edge would touch the rail's tick labels: it goes
    under its line, at the right end (a vanishing curve starts on such a line at the left)."""
    span = lay.get("yaxis", {}).get("range")
    if not span:
        return
    lo, hi = span
    for note in lay.get("annotations", []):
        y = note.get("y")
        if note.get("yref") == "y" and note.get("yanchor") == "bottom" and y is not None and hi - y < 0.1 * (hi - lo):
            note.update(yanchor="top", x=1, xanchor="right")


def _fix_axes(lay: dict, steps, active: int, extra_y) -> None:
    def values(key: str, chosen, extra=()) -> np.ndarray:  # the chosen frames' numbers (gaps: NaN, then dropped)
        a = np.concatenate([np.asarray(d[key], dtype=float) for _, traces in chosen for d in traces] + [extra])
        return a[np.isfinite(a)]

    xaxis, yaxis = lay.setdefault("xaxis", {}), lay.setdefault("yaxis", {})
    xs = values("x", steps)
    if xs.size:
        lo, hi = float(xs.min()), float(xs.max())
        xaxis.update(range=[lo, hi if hi > lo else lo + 1], autorange=False)
    extra = np.asarray(extra_y, dtype=float)
    every, own = values("y", steps, extra), values("y", steps[active:active + 1], extra)
    if yaxis.get("type") == "log":
        lo, hi = figures.log_range(own if own[own > 0].size else every)
        far_lo, far_hi = figures.log_range(every)
        room = max(LOG_ROOM, ROOM * (hi - lo))
        figures.put_power_ticks(lay, max(lo - room, far_lo), min(hi + room, far_hi))
        yaxis["autorange"] = False
    elif every.size:
        mine = own if own.size else every
        lo, hi = float(mine.min()), float(mine.max())
        room = ROOM * (hi - lo) if hi > lo else 0.5
        lo, hi = max(lo - room, float(every.min())), min(hi + room, float(every.max()))
        pad = 0.05 * (hi - lo) if hi > lo else 0.5
        yaxis.update(range=[lo - pad, hi + pad], autorange=False)
