"""The in-chart sweep (ui/sweep.py) and each page's sweep data: one frame per step, the figure opening on the page's
own value, the same traces in every frame, axes that hold every frame, and no NaN or infinity anywhere."""

from __future__ import annotations

import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest

from core import deepnet
from core.chain import chain_from_activation
from core.rnn import RNNConfig, bptt_gradient_norms
from ui import bptt_figures, chain_figures, deep_figures, figures, sweep


def as_dict(fig: go.Figure) -> dict:
    """The figure as the browser gets it; json.dumps(allow_nan=False) fails on any NaN or infinity."""
    d = fig.to_dict()
    json.dumps(d, allow_nan=False, default=lambda o: o.tolist())
    return d


def check_sweep(d: dict, labels: list[str], active_label: str) -> None:
    """Everything a sweep figure must hold, whatever page drew it."""
    frames, slider = d["frames"], d["layout"]["sliders"][0]
    assert [f["name"] for f in frames] == labels
    assert [s["label"] for s in slider["steps"]] == labels
    for step in slider["steps"]:
        assert step["method"] == "animate" and step["args"][0] == [step["label"]]
        assert step["args"][1]["frame"] == {"duration": 0, "redraw": False}
        assert step["args"][1]["transition"]["duration"] == 0
    active = labels.index(active_label)
    assert slider["active"] == active
    assert all(len(f["data"]) == len(d["data"]) for f in frames), "every frame has the chart's traces"
    for trace, shown in zip(d["data"], frames[active]["data"], strict=True):  # the figure opens on that step's data
        assert list(trace.get("x", [])) == list(shown["x"]) and list(trace.get("y", [])) == list(shown["y"])
    xs = [v for f in frames for t in f["data"] for v in t["x"] if v is not None]
    ys = [v for t in frames[active]["data"] for v in t["y"] if v is not None]  # the page's own line
    every = [v for f in frames for t in f["data"] for v in t["y"] if v is not None]
    x0, x1 = d["layout"]["xaxis"]["range"]
    assert x0 <= min(xs) and max(xs) <= x1  # across: every frame
    y0, y1 = d["layout"]["yaxis"]["range"]
    if d["layout"]["yaxis"].get("type") == "log":  # up: the page's own line, never beyond every frame's range
        assert min(ys) > 0 and y0 <= math.log10(min(ys)) and math.log10(max(ys)) <= y1
        low, high = math.floor(math.log10(min(every))), math.ceil(math.log10(max(every)))
        assert y0 >= low - 0.2 and y1 <= max(high, low + 1) + 0.2  # (one power of ten at least: a flat line)
    else:
        assert y0 <= min(ys) and max(ys) <= y1
        span = max(every) - min(every) or 1.0
        assert y0 >= min(every) - 0.06 * span and y1 <= max(every) + 0.06 * span
    assert d["layout"]["xaxis"]["autorange"] is False and d["layout"]["yaxis"]["autorange"] is False


def same_numbers(sent: list, page: list) -> bool:
    """A sweep's numbers are the page's own, given to sweep.DIGITS significant digits (gaps where the page has gaps)."""
    rel = 0.5 * 10.0 ** (1 - sweep.DIGITS)
    return len(sent) == len(page) and all((a is None) == (b is None) and (a is None or abs(a - b) <= rel * abs(b))
                                          for a, b in zip(sent, page, strict=True))


# ------------------------------------------------------------------ ui/sweep.py on its own


def line_chart(n_traces: int, log_y: bool = False) -> go.Figure:
    fig = figures.figure("t", "x", "y", log_y=log_y)
    for i in range(n_traces):
        figures.add_line(fig, [], [], f"line {i}", i)
    return fig


def test_a_sweep_sends_its_numbers_to_six_significant_digits():
    d = sweep.xy([0, 1, 2, 3], [1 / 3, 2.0, float("nan"), 123456789.0])
    assert d == dict(x=[0, 1, 2, 3], y=[0.333333, 2.0, None, 123457000.0])
    assert same_numbers(d["y"], [1 / 3, 2.0, None, 123456789.0]) and not same_numbers(d["y"], [0.3334, 2.0, None, 1.0])


def test_sweep_figure_opens_on_the_active_step_with_fixed_axes():
    steps = [(f"{k}", [sweep.xy(range(k + 2), np.arange(k + 2) * k), sweep.xy([0, 1], [k, -k])]) for k in range(5)]
    d = as_dict(sweep.sweep_figure(line_chart(2), steps, 3, what="thing"))
    check_sweep(d, ["0", "1", "2", "3", "4"], "3")
    assert d["layout"]["sliders"][0]["currentvalue"]["prefix"] == "drag to sweep the thing: "


def test_log_axis_holds_every_frame_and_gaps_replace_nan_inf_and_nonpositive():
    ys = [[1e-30, 1.0, np.nan], [np.inf, 0.0, 1e12], [-1.0, 5.0, 1e-3]]
    steps = [(str(i), [sweep.xy([0, 1, 2], y, positive=True)]) for i, y in enumerate(ys)]
    d = as_dict(sweep.sweep_figure(line_chart(1, log_y=True), steps, 0, what="x", extra_y=[1.0]))
    check_sweep(d, ["0", "1", "2"], "0")
    assert d["frames"][1]["data"][0]["y"] == [None, None, 1e12]


def test_the_up_axis_follows_the_page_own_line_not_the_farthest_frame():
    """A sweep whose far frames reach 10⁻¹⁰⁰ still shows the page's own line (1 to 10⁻⁴) across most of the chart."""
    steps = [(str(k), [sweep.xy([0, 1, 2], [1.0, 10.0**-k, 10.0**(-2 * k)], positive=True)]) for k in range(1, 51)]
    d = as_dict(sweep.sweep_figure(line_chart(1, log_y=True), steps, 1, what="x", extra_y=[1.0]))
    check_sweep(d, [str(k) for k in range(1, 51)], "2")
    y0, y1 = d["layout"]["yaxis"]["range"]
    assert y1 - y0 <= 4 + 2 * sweep.LOG_ROOM + 0.4  # 10⁻⁴ to 1 with its room, not 10⁻¹⁰⁰ to 1
    near = as_dict(sweep.sweep_figure(line_chart(1), [(str(k), [sweep.xy([0, 1], [0, k])]) for k in range(1, 101)],
                                      0, what="x"))
    lo, hi = near["layout"]["yaxis"]["range"]
    assert hi < 3  # a linear axis too: 0 to 1 with half its span on each side, not 0 to 100


def test_a_reference_label_at_the_top_edge_goes_under_its_line_clear_of_the_rail():
    steps = [(str(k), [sweep.xy([0, 1, 2], [1.0, 10.0**-k, 10.0**(-2 * k)], positive=True)]) for k in range(1, 4)]
    top, low = line_chart(1, log_y=True), line_chart(1, log_y=True)
    figures.add_hline(top, 1.0, "1 = unchanged")  # the largest value of every frame: the plot's top edge
    figures.add_hline(low, 1e-3, "a floor")
    top_note = as_dict(sweep.sweep_figure(top, steps, 0, what="x", extra_y=[1.0]))["layout"]["annotations"][0]
    low_note = as_dict(sweep.sweep_figure(low, steps, 0, what="x", extra_y=[1.0]))["layout"]["annotations"][0]
    assert (top_note["yanchor"], top_note["xanchor"], top_note["x"]) == ("top", "right", 1)
    assert low_note["yanchor"] == "bottom"


def test_a_line_no_step_draws_is_left_out():
    steps = [(str(k), [sweep.xy([], []), sweep.xy([0, 1], [k, k + 1])]) for k in range(3)]
    d = as_dict(sweep.sweep_figure(line_chart(2), steps, 1, what="x"))
    assert [t["name"] for t in d["data"]] == ["line 1"]
    check_sweep(d, ["0", "1", "2"], "1")


def test_a_step_with_a_missing_trace_is_refused():
    steps = [("a", [sweep.xy([0], [1]), sweep.xy([0], [2])]), ("b", [sweep.xy([0], [1])])]
    with pytest.raises(ValueError, match="all 2 traces"):
        sweep.sweep_figure(line_chart(2), steps, 0, what="x")


def test_plan_keeps_all_values_within_budget_and_thins_evenly_beyond():
    values = list(range(50))
    assert sweep.plan(values, cost_ms=1.0) == tuple(values)
    few = sweep.plan(values, cost_ms=20.0)  # 100 ms budget: 5 fit
    assert few[0] == 0 and few[-1] == 49 and len(few) == 5
    assert sweep.plan(values, cost_ms=80.0) is None  # one would fit: no sweep
    assert len(sweep.plan(values, cost_ms=0.01, points_per_step=sweep.MAX_POINTS // 10)) == 10
    many = sweep.plan(range(1, 101), cost_ms=0.01)  # cheap, but a rail holds at most MAX_STEPS
    assert len(many) == sweep.MAX_STEPS and many[0] == 1 and many[-1] == 100
    assert sweep.why_fewer(0.01, "too slow") == sweep.RAIL  # the rail thinned it, not time
    assert sweep.why_fewer(20.0, "too slow") == "too slow"
    assert sweep.why_fewer(0.01, "too slow", points_per_step=sweep.MAX_POINTS // 10) == "too slow"


def test_straight_keeps_the_two_drawable_ends():
    assert sweep.straight([0, 1, 2, 3, 4], [np.inf, 1e-3, 1e-2, 1e-1, 0.0], positive=True) == dict(x=[1, 3],
                                                                                                  y=[1e-3, 1e-1])
    assert sweep.straight([0, 1], [np.nan, -1.0], positive=True) == dict(x=[], y=[])
    assert sweep.straight([0, 1, 2], [5.0, np.nan, np.nan]) == dict(x=[0], y=[5.0])


def test_ordered_puts_the_current_value_in_order_and_finds_it():
    steps, active = sweep.ordered({3: ["c"], 1: ["a"], 2: ["b"]}, [1, 2, 3, 4], 2, label=lambda v: f"v{v}")
    assert steps == [("v1", ["a"]), ("v2", ["b"]), ("v3", ["c"])] and active == 1


# ------------------------------------------------------------------ each page's sweep data


@pytest.mark.parametrize(("act", "weight"), [("sigmoid", 1.0), ("relu", 3.0), ("tanh", 0.0)])
def test_chain_depth_sweep(act, weight):
    chains = {d: chain_from_activation(act, d, weight=weight, center=1.0) for d in range(1, 101)}
    ceiling = weight * (0.25 if act == "sigmoid" else 1.0)
    traces = {d: chain_figures.product_traces(r, ceiling) for d, r in chains.items()}
    fig = chain_figures.product_sweep_figure(traces, chains[37], ceiling, "best")
    d = as_dict(fig)
    check_sweep(d, [str(k) for k in range(1, 101)], "37")
    page = chain_figures.product_figure(chains[37], ceiling, "best").to_dict()
    ceiling_line, chain_line = page["data"]  # the page's own chart: the same numbers
    assert same_numbers(d["data"][-1]["y"], list(chain_line["y"]))
    drawn = [v for v in ceiling_line["y"] if v is not None]
    if drawn:
        assert same_numbers(d["data"][0]["y"], [drawn[0], drawn[-1]])  # a straight line: its two ends suffice
    else:
        assert len(d["data"]) == 1  # weight 0: no ceiling at any depth, so the line is left out
    assert len(d["frames"][99]["data"][-1]["x"]) == 101


def test_the_chain_sweep_draws_no_markers_at_any_depth_the_page_chart_does_up_to_40():
    chains = {d: chain_from_activation("sigmoid", d) for d in (10, 20, 100)}
    traces = {d: chain_figures.product_traces(r, 0.25) for d, r in chains.items()}
    swept = as_dict(chain_figures.product_sweep_figure(traces, chains[20], 0.25, "best"))
    assert [t["mode"] for t in swept["data"]] == ["lines", "lines"]
    assert chain_figures.product_figure(chains[20], 0.25, "best").to_dict()["data"][1]["mode"] == "lines+markers"
    assert chain_figures.product_figure(chains[100], 0.25, "best").to_dict()["data"][1]["mode"] == "lines"


@pytest.mark.parametrize(("act", "init"), [("tanh", "orthogonal"), ("relu", "identity"), ("identity", "gaussian")])
def test_bptt_scale_sweep(act, init):
    def result(scale):
        return bptt_gradient_norms(RNNConfig(60, 8, act, scale, init, 1.0, 0, "rnn", 1.0))

    planned = (0.0, 0.5, 1.0, 2.0, 3.0)
    traces = {s: bptt_figures.norms_traces(result(s)) for s in planned}
    d = as_dict(bptt_figures.norms_sweep_figure(traces, result(1.07)))  # the page's value is not among them
    check_sweep(d, ["0", "0.5", "1", "1.07", "2", "3"], "1.07")
    assert d["data"][1]["y"] == bptt_figures.norms_traces(result(1.07))[1]["y"]


def test_deep_scale_sweep():
    cfg = deepnet.DeepNetConfig(depth=6, width=16, activation="sigmoid", init="xavier", batch=32)
    runs = {s: deepnet.layer_gradient_stats(deepnet.DeepNetConfig(**{**cfg.__dict__, "weight_scale": s}))
            for s in (0.1, 1.0, 4.0)}
    d = as_dict(deep_figures.gradient_sweep_figure(runs, 1.0))
    check_sweep(d, ["0.1", "1", "4"], "1")
    assert same_numbers(d["data"][0]["y"], figures.clean(runs[1.0].grad_norm, positive=True))
