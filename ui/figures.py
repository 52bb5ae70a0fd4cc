"""Plotly figure builders shared by every page: one look, log axes in powers of ten, no NaN ever plotted."""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from ui import glossary, handout, palette, stage

FONT = dict(family="sans-serif", size=16, color="#111111")
# Margins that already hold our axis labels (10⁻¹² ticks, titles): when plotly's automargin has to widen a
# margin it lays the whole chart out a second time, which doubled every chart's drawing time in the browser.
MARGIN = dict(l=95, r=25, t=60, b=90)
LEGEND_Y = -0.22  # the legend sits under the plot (show() puts it LEGEND_GAP px below; this marks a house legend)
LEGEND_ROW = 43  # px a one-row legend needs below its anchor (measured in Chromium: fits 97–107 px bottoms exactly)
LEGEND_GAP = 57  # px the tick labels and axis title take under the plot: the legend starts this far below it
CONFIG: dict = {}  # st.plotly_chart's config for every chart of the app
# The line under every chart whose hover help reads it out; Streamlit's own icon font draws the "i" (a "ⓘ" character
# is a box in browsers without a font that has it).
READING = ":material/info: How to read this chart (hover)"
# Presentation mode (a projector, read from the back of a room): every chart text at least this big, lines at least
# this wide, markers this much larger, and plots this tall (the stage still fits one 1280×720 screen).
PRESENT_TEXT, PRESENT_TITLE, PRESENT_LINE, PRESENT_MARKER, PRESENT_HEIGHT = 20, 24, 4, 1.6, 420
PRESENT_MARGIN = dict(l=120, r=30, t=70, b=100)
# px an in-chart sweep's plot gives up to its rail when presenting, so the stage (title and examples in one row,
# controls, chart) still ends inside a 1280×720 window (measured: /deep's chart then ends at 698 px of 720).
PRESENT_SWEEP_SHARE = 10
# px more a chart of panels stacked one above the other gets (/activations: the function above its slope), so each
# panel is not half a plain chart's height; the stage still ends inside a 1280×720 window (measured: at 704 px).
PRESENT_STACKED_ROOM = 100
PRESENT_LEGEND_Y = -0.31  # the legend further down, below the bigger tick labels and axis title
PRESENT_LEGEND_GAP = 66  # px those take under the plot: a presented legend starts this far below it, however short


def clean(values, *, positive: bool = False) -> list[float | None]:
    """Values ready for plotly: NaN and ±inf become gaps (None); with positive=True, so do values ≤ 0 (log axes)."""
    a = np.asarray(values, dtype=float).ravel()
    ok = np.isfinite(a)
    if positive:
        ok &= a > 0
    return [float(v) if good else None for v, good in zip(a, ok, strict=False)]


def layout(title: str, x_title: str, y_title: str, *, log_y: bool = False, height: int = 420) -> dict:
    """The house layout as a plain dict (figure() builds on it; a chart built as a dict, see light(), starts here).
    log_y gives a base-10 axis labelled 10⁻¹², never '1p'. Colours come from Streamlit's own chart theme, so no
    plotly template is applied."""
    axis = dict(showline=True, linecolor="#444", gridcolor="#DDD")
    yaxis = dict(axis, title=dict(text=y_title))
    if log_y:
        yaxis.update(type="log", exponentformat="power", showexponent="all")
    return dict(
        title=dict(text=title, font=dict(size=19)),
        font=dict(FONT),
        height=height,
        margin=dict(MARGIN),
        legend=dict(orientation="h", yanchor="top", y=LEGEND_Y, xanchor="left", x=0.0),
        hovermode="x unified",
        xaxis=dict(axis, title=dict(text=x_title)),
        yaxis=yaxis,
    )


def figure(title: str, x_title: str, y_title: str, *, log_y: bool = False, height: int = 420) -> go.Figure:
    """An empty figure in the house style (layout()), given in one dict: each separate update costs plotly
    validation time on every redraw."""
    return go.Figure(layout=layout(title, x_title, y_title, log_y=log_y, height=height))


def light(spec: dict, cls: type[go.Figure] = go.Figure) -> go.Figure:
    """A figure from a plain dict {"data": [traces], "layout": layout} (layout(), line(), put_hline(),
    put_power_ticks()), built without plotly's checks.

    Plotly checks every property it is given, at about 0.01 ms each, and its updates walk its object tree: building
    /chain's stage chart through them took ~25 ms of each ~40 ms stage redraw on the server. A main chart, redrawn on
    every move of a control, is built as dicts and handed over once (~1.5 ms). tests/test_figures_light.py checks
    that plotly's checks would change nothing in such a chart.
    """
    return cls(spec, _validate=False)


def power_tick_values(low: float, high: float, *, max_ticks: int = 9) -> dict | None:
    """An axis's ticks at whole powers of ten between 10^low and 10^high, labelled 10⁻¹² (plotly's own log ticks can
    say '1p'), and its range: a dict to update the axis with; None when low or high is not finite."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return None
    lo, hi = int(np.floor(low)), int(np.ceil(high))
    if hi <= lo:
        hi = lo + 1
    step = max(1, int(np.ceil((hi - lo) / max_ticks)))
    exps = list(range(lo, hi + 1, step))
    from ui.fmt import superscript

    vals = [10.0**e for e in exps]
    text = ["1" if e == 0 else "10" if e == 1 else f"10{superscript(e)}" for e in exps]
    return dict(tickvals=vals, ticktext=text, range=[lo - 0.2, hi + 0.2])


def put_power_ticks(lay: dict, low: float, high: float) -> None:
    """Ticks at whole powers of ten between 10^low and 10^high (power_tick_values) on a layout dict's y axis."""
    lay.setdefault("yaxis", {}).update(power_tick_values(low, high) or {})


def power_ticks(fig: go.Figure, low: float, high: float, *, axis: str = "y", max_ticks: int = 9) -> None:
    """Ticks at whole powers of ten between 10^low and 10^high (power_tick_values) on `fig`'s y (or x) axis."""
    update = power_tick_values(low, high, max_ticks=max_ticks)
    if update is not None:
        (fig.update_yaxes if axis == "y" else fig.update_xaxes)(**update)


def line(
    x: Sequence,
    y: Sequence,
    name: str,
    i: int = 0,
    *,
    positive: bool = False,
    color: str | None = None,
    dash: str | None = None,
    width: float = 3,
    markers: bool = False,
    hover: str | None = None,
) -> dict:
    """One styled line as a plain dict; the i-th series gets its own colour, dash and marker."""
    style = palette.series(i)
    trace = dict(
        type="scatter",
        x=list(np.asarray(x).tolist()),
        y=clean(y, positive=positive),
        name=name,
        mode="lines+markers" if markers else "lines",
        line=dict(color=color or style["color"], dash=dash or style["dash"], width=width),
        marker=dict(symbol=style["symbol"], size=7, color=color or style["color"]),
        connectgaps=False,
    )
    if hover is not None:
        trace["hovertemplate"] = hover
    return trace


def add_line(fig: go.Figure, x: Sequence, y: Sequence, name: str, i: int = 0, **style) -> go.Figure:
    """One styled line (line()) added to `fig`."""
    fig.add_trace(line(x, y, name, i, **style))
    return fig


def hline(y: float, text: str, *, log_axis: bool, color: str = palette.REFERENCE, dash: str = "dot",
          side: str = "left", axis: str = "y") -> tuple[dict, dict] | None:
    """A labelled horizontal reference line (a floor, 'factor = 1') across the whole plot: its shape and its
    annotation as plain dicts, or None where it cannot be drawn (not finite; ≤ 0 on a log axis). `axis` is the y axis
    it is drawn against ("y2": a chart's second panel).

    A plain shape and annotation: plotly's own add_hline is several times slower per redraw.
    """
    if y is None or not np.isfinite(y) or (log_axis and y <= 0):
        return None
    pos = float(np.log10(y)) if log_axis else float(y)  # annotations on log axes are placed by exponent
    return (dict(type="line", xref="paper", x0=0, x1=1, yref=axis, y0=y, y1=y,
                 line=dict(color=color, dash=dash, width=2), layer="below"),
            dict(xref="paper", x=0 if side == "left" else 1, yref=axis, y=pos, text=text, showarrow=False,
                 xanchor=side, yanchor="bottom", font=dict(color=color, size=14)))


def add_hline(fig: go.Figure, y: float, text: str, **style) -> None:
    """A labelled horizontal reference line (hline()) added to `fig`."""
    parts = hline(y, text, log_axis=fig.layout.yaxis.type == "log", **style)
    if parts is not None:
        fig.add_shape(parts[0])
        fig.add_annotation(parts[1])


def put_hline(lay: dict, y: float, text: str, **style) -> None:
    """A labelled horizontal reference line (hline()) added to a layout dict (layout())."""
    axis = style.get("axis", "y")
    parts = hline(y, text, log_axis=lay.get(axis.replace("y", "yaxis", 1), {}).get("type") == "log", **style)
    if parts is not None:
        lay.setdefault("shapes", []).append(parts[0])
        lay.setdefault("annotations", []).append(parts[1])


def log_range(*arrays) -> tuple[float, float]:
    """log10 of the smallest and largest positive finite values across arrays, for power_ticks."""
    vals = np.concatenate([np.asarray(a, dtype=float).ravel() for a in arrays] or [np.array([])])
    vals = vals[np.isfinite(vals) & (vals > 0)]
    if vals.size == 0:
        return 0.0, 1.0
    return float(np.log10(vals.min())), float(np.log10(vals.max()))


def waiting(fig: go.Figure, empty: bool, note: str) -> go.Figure:
    """An empty chart that says what will fill it (in its middle), so a class sees the chart before any data."""
    if empty:
        fig.add_annotation(xref="paper", yref="paper", x=0.5, y=0.5, text=note, showarrow=False,
                           font=dict(size=FONT["size"] + 4, color=palette.REFERENCE))
        if not fig.layout.shapes:  # no reference line to read against: the ticks would be made-up numbers
            fig.update_yaxes(showticklabels=False)
    return fig


def show(fig: go.Figure, key: str, where=None) -> None:
    """Draw a chart the house way (in `where`, a column or container, if given): every page's charts go through here.

    Under it: how to read it (axes and lines in words, on hover) and its data as CSV; the chart is also kept for
    this run's "Download this view" handout.
    """
    if stage.presenting():  # on a copy: a figure may be cached and shared with sessions at a desk
        fig = for_projector(_copy(fig))
    _room_for_legend(fig)
    box = where or st
    box.plotly_chart(fig, key=key, config=CONFIG)
    box.caption(READING, help=reading_help(fig))
    handout.csv_button(key, fig, box)
    handout.add_chart(key, fig)


def _copy(fig: go.Figure) -> go.Figure:
    """A copy of a figure; an in-chart sweep (ui/sweep.SweepFigure) copies itself, frames and slider too."""
    sweep_copy = getattr(fig, "sweep_copy", None)
    return sweep_copy() if sweep_copy else go.Figure(fig)


def _words(text: str | None) -> str:
    return re.sub(r"<[^>]+>", " ", text or "").strip()


def reading_help(fig: go.Figure) -> str:
    """A chart's axis titles and legend entries in words, with the glossary's sentence for the words they name."""
    lay = fig.layout
    x, ys = _words(lay.xaxis.title.text), handout.y_titles(fig)
    y = " ".join(ys)
    up = "**Up (y axis):**" if len(ys) < 2 else "**Up (y axis), panel by panel from the top:**"
    lines = [f"**Across (x axis):** {x}." if x else "", f"{up} {'; '.join(ys)}." if ys else ""]
    if lay.yaxis.type == "log":
        lines.append("The up axis is a log scale: each labelled mark is ten times the one below it, so a straight "
                     "falling line means the same factor lost at every step.")
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if names:
        lines.append("**Lines and marks:** " + "; ".join(dict.fromkeys(names)) + ".")
    words = glossary.explain(" ".join([x, y, *names]))
    return "\n\n".join([line for line in lines if line] + ([words] if words else []))


def for_projector(fig: go.Figure) -> go.Figure:
    """Restyle a house figure for a projector, in place: text ≥ PRESENT_TEXT px, lines ≥ PRESENT_LINE px, bigger
    markers, a taller plot.

    One place for every chart, so no page has to know about presentation mode.
    """
    lay = fig.layout
    big = lambda font: max(font.size or 0, PRESENT_TEXT)  # noqa: E731 - a one-line rule applied to many fonts
    update: dict = dict(font_size=big(lay.font), title_font_size=max(lay.title.font.size or 0, PRESENT_TITLE),
                        legend_font_size=big(lay.legend.font), hoverlabel_font_size=PRESENT_TEXT,
                        margin={k: max(getattr(lay.margin, k) or 0, v) for k, v in PRESENT_MARGIN.items()})
    slider_text = getattr(fig, "slider_text", None)  # an in-chart sweep (ui/sweep): its rail keeps its room on top
    slider = slider_text is not None
    rail = max(0, (lay.margin.t or 0) - MARGIN["t"]) if slider else 0
    if lay.height is not None and lay.height >= 300:  # one height for every plot (small strips keep theirs)
        domains: set = set()
        fig.for_each_yaxis(lambda ax: domains.add(tuple(ax.domain or (0, 1))))
        update["height"] = PRESENT_HEIGHT + (rail - PRESENT_SWEEP_SHARE if slider else 0) + (
            PRESENT_STACKED_ROOM if len(domains) > 1 else 0)
    if slider:
        update["margin"]["t"] = MARGIN["t"] + rail
        slider_text(PRESENT_TEXT)
    if lay.legend.y == LEGEND_Y:
        update["legend_y"] = PRESENT_LEGEND_Y
    fig.update_layout(**update)
    fig.for_each_xaxis(lambda ax: ax.update(tickfont_size=big(ax.tickfont), title_font_size=big(ax.title.font)))
    fig.for_each_yaxis(lambda ax: ax.update(tickfont_size=big(ax.tickfont), title_font_size=big(ax.title.font)))
    plot_height = (fig.layout.height or 450) - fig.layout.margin.t - fig.layout.margin.b
    fig.for_each_yaxis(lambda ax: ax.update(title_text=_two_lines(
        ax.title.text, plot_height * ((ax.domain[1] - ax.domain[0]) if ax.domain else 1))))
    for note in lay.annotations:
        note.font.size = big(note.font)
    for shape in lay.shapes:
        if shape.line.width:  # a drawn line; a filled band without an outline (width 0) keeps none
            shape.line.width = max(shape.line.width, PRESENT_LINE - 1)
    for trace in fig.data:
        line, marker = getattr(trace, "line", None), getattr(trace, "marker", None)
        if line is not None and "width" in line and trace.type in ("scatter", "scattergl"):
            line.width = max(line.width or 2, PRESENT_LINE)
        if marker is not None and "size" in marker and isinstance(marker.size, (int, float)):
            marker.size = marker.size * PRESENT_MARKER
        if trace.type in ("heatmap", "contour") and trace.colorbar is not None:
            trace.colorbar.tickfont.size = big(trace.colorbar.tickfont)
            trace.colorbar.title.font.size = big(trace.colorbar.title.font)
        if getattr(trace, "textfont", None) is not None and "size" in trace.textfont:
            trace.textfont.size = big(trace.textfont)
    return fig


def _two_lines(title: str | None, room: float) -> str | None:
    """A y-axis title longer than its axis at projector size, wrapped onto lines that fit (plotly never wraps)."""
    per_char = 0.55 * PRESENT_TEXT  # px per character of the house sans-serif at projector size, roughly
    if not title or "<br>" in title or per_char * len(title) <= room:
        return title
    return "<br>".join(textwrap.wrap(title, width=max(12, int(room / per_char))))


def _room_for_legend(fig: go.Figure) -> None:
    """Put a house legend a fixed gap under its plot, and give a one-row legend its bottom margin up front, so plotly
    need not push it (a second layout)."""
    lay = fig.layout
    entries = sum(t.showlegend is not False for t in fig.data)
    if lay.showlegend is False or entries < 2 or lay.legend.y not in (LEGEND_Y, PRESENT_LEGEND_Y) or lay.height is None:
        return
    top, bottom = lay.margin.t or 0, lay.margin.b or 0
    row = LEGEND_ROW * max(lay.legend.font.size or FONT["size"], FONT["size"]) / FONT["size"]
    # A fixed gap in px, not a fraction of the plot: a short plot (one under a sweep's rail) put its legend on the
    # axis title (/deep's, at a desk).
    gap = PRESENT_LEGEND_GAP if lay.legend.y == PRESENT_LEGEND_Y else LEGEND_GAP
    bottom = max(bottom, math.ceil(gap + row))
    fig.update_layout(margin_b=bottom, legend_y=-gap / max(lay.height - top - bottom, 1))
