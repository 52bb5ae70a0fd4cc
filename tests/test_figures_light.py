"""Charts built as plain dicts (ui/figures.light: each stage's main chart, redrawn on every move of a control) skip
plotly's checks for speed. Here plotly checks them after all: every property must be one plotly knows, in the form
it would have written itself, so running its checks changes nothing the browser would get."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from core import deepnet
from core.activations import ACTIVATIONS, get_activation
from core.chain import chain_from_activation, chain_from_factors
from core.rnn import RNNConfig, bptt_gradient_norms
from ui import activation_figures, bptt_figures, chain_figures, deep_figures, figures


def checked_by_plotly(fig: go.Figure) -> None:
    """Plotly, given the chart's dict with its checks on, must neither refuse it nor change any of it."""
    sent = json.loads(pio.to_json(fig, validate=False))
    checked = json.loads(pio.to_json(go.Figure(sent), validate=False))  # raises on a property it does not know
    for frame in checked.get("frames", []):  # a frame's traces carry x and y only: plotly names their type
        for trace in frame["data"]:
            trace.pop("type")
    assert checked == sent


def chains(act: str, weight: float, depths) -> dict:
    return {d: chain_from_activation(act, d, weight=weight) for d in depths}


@pytest.mark.parametrize(("act", "weight", "depth"), [("sigmoid", 1.0, 20), ("relu", 1.5, 60), ("tanh", 0.0, 5)])
def test_chain_stage_chart(act, weight, depth):
    runs = chains(act, weight, range(1, 61, 7))
    r = chain_from_activation(act, depth, weight=weight)
    ceiling = weight * get_activation(act).max_derivative
    traces = {d: chain_figures.product_traces(c, ceiling) for d, c in runs.items()}
    checked_by_plotly(chain_figures.product_sweep_figure(traces, r, ceiling, "best"))
    checked_by_plotly(chain_figures.product_figure(chain_from_factors([0.21, 0.11, 0.06, 0.11, 0.15]), 0.25, "best"))


def test_bptt_stage_chart():
    def result(scale):
        return bptt_gradient_norms(RNNConfig(40, 8, "tanh", scale, "orthogonal", 1.0, 0, "rnn", 1.0))

    traces = {s: bptt_figures.norms_traces(result(s)) for s in (0.5, 1.0, 2.0)}
    checked_by_plotly(bptt_figures.norms_sweep_figure(traces, result(1.07)))


def test_deep_stage_chart():
    cfg = deepnet.DeepNetConfig(depth=6, width=16, activation="tanh", init="xavier", batch=32)
    runs = {s: deepnet.layer_gradient_stats(deepnet.DeepNetConfig(**{**cfg.__dict__, "weight_scale": s}))
            for s in (0.5, 1.0, 2.0)}
    checked_by_plotly(deep_figures.gradient_sweep_figure(runs, 1.0))
    checked_by_plotly(deep_figures.gradient_figure(runs[2.0]))
    checked_by_plotly(deep_figures.remedy_figure(runs[0.5], runs[1.0], "before", "after"))
    checked_by_plotly(deep_figures.update_figure(runs[1.0], 0.01))
    checked_by_plotly(deep_figures.remedies_figure([("A", runs[0.5], runs[1.0], "a0", "a1"),
                                                    ("B", runs[1.0], runs[2.0], "b0", "b1")]))


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_activation_stage_charts(name):
    act, x = get_activation(name), np.linspace(-6, 6, 801)
    checked_by_plotly(activation_figures.derivative_figure(act, x, [ACTIVATIONS["sigmoid"], ACTIVATIONS["relu"]]))
    checked_by_plotly(activation_figures.pair_figure(act, x, []))
    checked_by_plotly(figures.for_projector(activation_figures.pair_figure(act, x, [ACTIVATIONS["tanh"]])))


def test_a_presented_sweep_is_still_checked_and_keeps_its_frames():
    runs = chains("sigmoid", 1.0, (5, 10, 20))
    fig = chain_figures.product_sweep_figure({d: chain_figures.product_traces(c, 0.25) for d, c in runs.items()},
                                             runs[10], 0.25, "best")
    shown = figures.for_projector(fig.sweep_copy())
    checked_by_plotly(shown)
    assert shown.layout.font.size >= figures.PRESENT_TEXT and fig.layout.font.size < figures.PRESENT_TEXT
    assert shown.to_dict()["frames"] == fig.to_dict()["frames"]


def test_a_misspelt_property_is_caught():  # the check above can fail
    spec = figures.layout("t", "x", "y")
    spec["xaxis"]["colour"] = "red"
    with pytest.raises(ValueError):
        checked_by_plotly(figures.light(dict(data=[figures.line([0, 1], [1, 2], "a")], layout=spec)))
    shorthand = figures.layout("t", "x", "y")
    shorthand["xaxis"]["title"] = "x"  # plotly would write {"text": "x"}; plotly.js 3 reads only that
    with pytest.raises(AssertionError):
        checked_by_plotly(figures.light(dict(data=[], layout=shorthand)))
