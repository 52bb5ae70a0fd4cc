"""Figures for the deep-networks page (their words are in ui.deep_words): gradient per layer (with the variance rule),
activation distributions, saturation, a before/after of a remedy, and the relative update per layer."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.deepnet import DeepNetStats, relative_update
from ui import figures, palette, sweep
from ui.fmt import sci

X_TITLE = "layer (1 = nearest the input)"


def _log_chart(title: str, lines: list[dict], *arrays, y_title: str = "size (log scale)") -> dict:
    """A chart of per-layer lines (figures.line) on a log axis ticked at the powers of ten of `arrays`, as plain
    dicts: these charts are redrawn on every move of /deep's controls and every tour step, so they skip plotly's
    slow checks (figures.light)."""
    lay = figures.layout(title, X_TITLE, y_title, log_y=True)
    figures.put_power_ticks(lay, *figures.log_range(*arrays))
    return dict(data=lines, layout=lay)


def gradient_figure(s: DeepNetStats) -> go.Figure:
    """‖dL/dW_l‖ and the back-propagated signal's std per layer, with the variance rule dashed beside it."""
    return figures.light(_gradient_spec(s))


def _gradient_spec(s: DeepNetStats) -> dict:
    """gradient_figure as plain dicts: /deep's main chart, built afresh on every move of its controls."""
    x = s.layers
    return _log_chart("How big the gradient is at each layer", [
        figures.line(x, s.grad_norm, "weight gradient ‖dL/dW‖", 0, positive=True, dash="solid",
                     markers=s.depth <= 40, hover="%{y:.3g}"),
        figures.line(x, s.grad_std, "back-propagated signal (std of dL/dh)", 2, positive=True, dash="solid",
                     markers=s.depth <= 40, hover="%{y:.3g}"),
        figures.line(x, s.predicted_grad_std, "variance rule's prediction of that signal", 2, positive=True,
                     color=palette.BLACK, dash="dash", width=2, hover="%{y:.3g}")],
        s.grad_norm, s.grad_std, s.predicted_grad_std)


def gradient_traces(s: DeepNetStats) -> list[dict]:
    """One sweep step of gradient_figure: the data of its three lines."""
    return [sweep.xy(s.layers, v, positive=True) for v in (s.grad_norm, s.grad_std, s.predicted_grad_std)]


def gradient_sweep_figure(runs: dict[float, DeepNetStats], scale: float) -> sweep.SweepFigure:
    """gradient_figure at weight scale `scale`, with an in-chart slider over the scales of `runs` (which holds it)."""
    steps, active = sweep.ordered({k: gradient_traces(s) for k, s in runs.items()}, sorted(runs), scale,
                                  label=lambda v: f"{v:g}")
    return sweep.sweep_figure(_gradient_spec(runs[scale]), steps, active, what="weight scale")


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


def saturation_figure(s: DeepNetStats) -> go.Figure:
    """The share of units whose slope is under 5% of its best: where the gradient barely gets through."""
    fig = figures.figure("Units on the flat part (slope under 5% of its best)", X_TITLE, "share of units (%)",
                         height=380)
    fig.add_trace(go.Bar(x=s.layers.tolist(), y=figures.clean(100 * s.activation_saturation), name="flat",
                         marker_color=palette.EXPLODING, hovertemplate="layer %{x}: %{y:.1f}%<extra></extra>"))
    fig.update_yaxes(range=[0, 100])
    fig.update_layout(showlegend=False, hovermode="closest")
    return fig


def remedy_figure(before: DeepNetStats, after: DeepNetStats, before_name: str, after_name: str) -> go.Figure:
    """The same network without and with one fix: weight gradient per layer."""
    return figures.light(_log_chart("One fix, before and after: weight gradient ‖dL/dW‖ per layer",
                                    _remedy_lines(before, after, before_name, after_name),
                                    before.grad_norm, after.grad_norm))


# A network without a fix is drawn dashed in the vanishing colour, with it solid in the stable one, on every chart.
REMEDY_STYLES = (dict(color=palette.VANISHING, dash="dash"), dict(color=palette.STABLE, dash="solid"))


def _remedy_lines(before: DeepNetStats, after: DeepNetStats, before_name: str, after_name: str) -> list[dict]:
    """Each network's weight gradient per layer, as a line (figures.line) in its REMEDY_STYLES."""
    return [figures.line(s.layers, s.grad_norm, name, i + 1, positive=True, hover="%{y:.3g}", **REMEDY_STYLES[i])
            for i, (s, name) in enumerate(((before, before_name), (after, after_name)))]


def remedies_figure(pairs: list[tuple[str, DeepNetStats, DeepNetStats, str, str]]) -> go.Figure:
    """Several fixes side by side in one chart, one panel each: (panel title, network without the fix, with it, and
    their names). One chart, not one per fix: each chart costs the browser a mount and two draws, and a half-width
    chart has no room for its title. Every panel draws "without" dashed and "with" solid, so the legend says that
    once (the lines keep their own names, for hover and the CSV)."""
    gap = 0.16
    width = (1 - gap * (len(pairs) - 1)) / len(pairs)
    lay = figures.layout("Weight gradient ‖dL/dW‖ per layer", X_TITLE, "size (log scale)", log_y=True)
    lay["margin"]["t"] = figures.MARGIN["t"] + 30  # room for the panels' own titles under the chart's
    data = [dict(type="scatter", x=[None], y=[None], mode="lines", name=name, line=dict(style, width=3))
            for name, style in zip(("without the fix", "with the fix"), REMEDY_STYLES, strict=True)]
    notes = []
    for k, (title, before, after, before_name, after_name) in enumerate(pairs):
        x0, ax = k * (width + gap), "" if k == 0 else str(k + 1)
        lay[f"xaxis{ax}"] = dict(lay["xaxis"], domain=[x0, x0 + width], anchor=f"y{ax}")
        lay[f"yaxis{ax}"] = dict(lay["yaxis"], anchor=f"x{ax}", **(figures.power_tick_values(
            *figures.log_range(before.grad_norm, after.grad_norm)) or {}))
        if k:  # the first panel's axis titles say it for all (a phone has no room for them twice)
            lay[f"xaxis{ax}"]["title"] = dict(text="layer")
            lay[f"yaxis{ax}"]["title"] = dict(text="")
        data += [dict(line, xaxis=f"x{ax}", yaxis=f"y{ax}", showlegend=False)
                 for line in _remedy_lines(before, after, before_name, after_name)]
        notes.append(dict(xref="paper", yref="paper", x=x0 + width / 2, y=1.02, xanchor="center", yanchor="bottom",
                          text=f"<b>{title}</b>", showarrow=False, font=dict(size=17)))
    lay["annotations"] = notes
    return figures.light(dict(data=data, layout=lay))


def update_figure(s: DeepNetStats, lr: float) -> go.Figure:
    """‖ΔW_l‖ / ‖W_l‖ after one plain gradient step: how much of each layer one step would change."""
    u = 100 * relative_update(s, lr)
    line = figures.line(s.layers, u, "relative update", 0, positive=True, markers=s.depth <= 40, hover="%{y:.3g}%")
    return figures.light(_log_chart(f"How much one step (learning rate {sci(lr)}) changes each layer", [line], u,
                                    y_title="change ‖ΔW‖ / ‖W‖ in % (log scale)"))
