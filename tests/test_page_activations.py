"""AppTest for /activations: each function and its slope, every control redraws, junk URLs fall back."""

import pytest

from tests.apptest import chart_data, charts, no_nan_in_charts, open_page, texts


def test_loads_with_function_and_slope_charts():
    at = open_page("activations")
    assert not at.exception
    assert len(chart_data(at)) == 2
    slope_chart = charts(at)[1]
    marker = [t for t in slope_chart["data"] if t.get("name") == "best slope"][0]
    assert marker["text"] == ["best slope 0.25"] and abs(marker["y"][0] - 0.25) < 1e-3
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
    assert not at.exception and len(chart_data(at)[1]) > len(before[1])


def test_sigmoid_caption_states_the_chain_consequence():
    at = open_page("activations")
    assert "0.25¹⁰ = **9.54 × 10⁻⁷**" in texts(at)


def test_junk_url_falls_back():
    at = open_page("activations", fn="gelu", span="wide", leak="9")
    assert not at.exception and at.selectbox(key="fn").value == "sigmoid"
