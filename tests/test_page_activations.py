"""AppTest for /activations: each function and its slope, every control redraws, junk URLs fall back."""

import numpy as np
import pytest

from core.activations import get_activation
from tests.apptest import chart_data, charts, no_nan_in_charts, open_page, texts


def test_loads_with_the_function_above_its_slope_on_one_input_axis():
    at = open_page("activations")
    assert not at.exception
    [chart] = charts(at)  # one chart of two panels: the function on top, its slope under it
    lay, by_name = chart["layout"], {t["name"]: t for t in chart["data"]}
    assert lay["yaxis"]["domain"][0] > lay["yaxis2"]["domain"][1] and lay["xaxis"]["anchor"] == "y2"
    sig = get_activation("sigmoid")
    f, slope = by_name[f"{sig.label}(z)"], by_name[f"slope of {sig.label}"]
    assert f.get("yaxis", "y") == "y" and slope["yaxis"] == "y2" and f["x"] == slope["x"]
    assert np.allclose(f["y"], sig.f(np.array(f["x"]))) and np.allclose(slope["y"], sig.df(np.array(slope["x"])))
    assert (min(f["x"]), max(f["x"])) == (-6, 6)
    marker = by_name["best slope"]
    assert marker["yaxis"] == "y2" and marker["text"] == ["best slope 0.25"] and abs(marker["y"][0] - 0.25) < 1e-3
    # the flat stretches are shaded across both panels, and the "slope 1" line belongs to the lower one
    assert any(s["type"] == "rect" and s["yref"] == "paper" and (s["y0"], s["y1"]) == (0, 1) for s in lay["shapes"])
    assert [s["yref"] for s in lay["shapes"] if s["type"] == "line"] == ["y2"]
    assert lay["showlegend"] is False  # one slope: the axis titles name the lines
    assert "(0, 0.25]" in texts(at) and "(−1, 1)" in texts(at)
    # every control is a main one: no empty "More settings" under them (the other stages have one, with settings)
    assert "More settings" not in [e.label for e in at.expander]
    assert "More settings" in [e.label for e in open_page("bptt", steps=20, hidden=8).expander]


@pytest.mark.parametrize("label", ["tanh", "ReLU", "Leaky ReLU", "PReLU", "ELU", "Identity (no activation)"])
def test_every_activation_draws(label):
    at = open_page("activations", fn=label)
    assert not at.exception and no_nan_in_charts(at)
    assert label.split(" (")[0] in texts(at)


@pytest.mark.parametrize("fn,key,value", [("Leaky ReLU", "leak", 0.3), ("PReLU", "pslope", 0.6),
                                          ("ELU", "alpha", 2.0), ("Sigmoid", "span", 15.0)])
def test_sliders_change_the_chart(fn, key, value):
    at = open_page("activations", fn=fn)
    before = chart_data(at)
    at.slider(key=key).set_value(value).run()
    assert not at.exception and chart_data(at) != before


def test_compare_overlays_other_slopes():
    at = open_page("activations")
    before = chart_data(at)
    at.multiselect(key="compare").set_value(["tanh", "relu"]).run()
    assert not at.exception and len(chart_data(at)[0]) > len(before[0])
    [chart] = charts(at)
    names = [t["name"] for t in chart["data"] if t.get("yaxis") == "y2"]
    assert {f"slope of {get_activation(n).label}" for n in ("tanh", "relu", "sigmoid")} <= set(names)
    assert chart["layout"]["showlegend"]  # compared slopes: a legend tells them apart


def test_sigmoid_caption_states_the_chain_consequence():
    at = open_page("activations")
    assert "0.25¹⁰ = **9.54 × 10⁻⁷**" in texts(at)


def test_junk_url_falls_back():
    at = open_page("activations", fn="gelu", span="wide", leak="9")
    assert not at.exception and at.selectbox(key="fn").value == "sigmoid"
