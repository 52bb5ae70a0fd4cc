"""The /bptt page in Streamlit's AppTest: every control redraws, extremes and bad URLs never crash."""

from __future__ import annotations

import pytest

from tests.apptest import chart_data, charts, no_nan_in_charts, open_page, texts

CHART_KEYS = 5  # norms, diagram, heatmap, factors, clipping


@pytest.fixture(scope="module")
def default_page():
    return open_page("bptt")


def _ok(at) -> None:
    assert not at.exception, at.exception
    assert no_nan_in_charts(at)
    assert "Traceback" not in texts(at)
    assert not at.get("error") or all("Something went wrong" not in str(e.value) for e in at.get("error"))


def test_loads_with_every_chart_and_a_verdict(default_page):
    at = default_page
    _ok(at)
    assert len(charts(at)) == CHART_KEYS
    t = texts(at)
    assert "Vanishing (plain RNN)" in t and "step 50" in t
    assert t.count("**In numbers:**") >= CHART_KEYS
    assert "cannot bring back vanished ones" in t


def _changed(at, widget, value) -> None:
    before = chart_data(at)
    widget.set_value(value).run()
    _ok(at)
    assert chart_data(at) != before, f"{widget.key} did not change any chart"


@pytest.mark.parametrize("kind,key,value", [
    ("slider", "steps", 80), ("slider", "hidden", 16), ("select_slider", "scale", 0.9),
    ("selectbox", "act", "relu"), ("selectbox", "init", "gaussian"), ("select_slider", "inp", 2.0),
    ("number_input", "seed", 7), ("select_slider", "clip", 0.01), ("select_slider", "lr", 0.1),
    ("select_slider", "skip", 5),
])
def test_every_control_changes_the_charts(kind, key, value):
    at = open_page("bptt")
    _changed(at, getattr(at, kind)(key=key), value)


def test_cells_and_forget_bias_change_the_charts():
    at = open_page("bptt", steps=30, hidden=8)
    _changed(at, at.multiselect(key="cells"), ["rnn", "lstm", "gru"])
    assert len(charts(at)[0]["data"]) >= 5  # bound + RNN + LSTM + its cell path + GRU
    assert "LSTM" in texts(at) and "GRU" in texts(at) and "forget gate keeps" in texts(at)
    _changed(at, at.slider(key="fb"), 3.0)
    _changed(at, at.multiselect(key="cells"), ["gru"])


def test_no_cell_selected_is_explained_not_crashed():
    at = open_page("bptt")
    at.multiselect(key="cells").set_value([]).run()
    _ok(at)
    assert any("Pick at least one cell" in str(i.value) for i in at.get("info"))
    assert len(charts(at)) == 1  # the clipping panel still works on the plain RNN


def test_verdict_flips_when_the_weight_scale_crosses_one():
    at = open_page("bptt", act="Identity (no activation)")
    at.select_slider(key="scale").set_value(0.95).run()
    assert "Vanishing (plain RNN)" in texts(at) and "0.95" in texts(at)
    at.select_slider(key="scale").set_value(1.05).run()
    assert "Exploding (plain RNN)" in texts(at)
    at.select_slider(key="scale").set_value(1.0).run()
    assert "Stable (plain RNN)" in texts(at)


@pytest.mark.parametrize("query", [
    dict(steps=500, hidden=256, act="ReLU", init="identity", scale="3"),  # overflows float64
    dict(steps=500, act="Sigmoid"),  # underflows float64
    dict(steps=1, hidden=2, scale="0"),
    dict(steps=500, hidden=2, scale="3", inp="5", act="tanh", clip="0.001", lr="1"),
    dict(steps=300, act="ELU", init="gaussian", scale="2.5", inp="0"),
])
def test_extremes_do_not_crash(query):
    at = open_page("bptt", **query)
    _ok(at)
    assert len(charts(at)) == CHART_KEYS


def test_overflow_is_told_and_never_plotted():
    at = open_page("bptt", steps=500, hidden=32, act="ReLU", init="identity", scale="3")
    _ok(at)
    t = texts(at)
    assert "Exploding" in t and "∞" in t and "10³" in t  # the true size, from its logarithm


def test_url_opens_that_state():
    at = open_page("bptt", steps=120, hidden=64, scale="0.9", act="ReLU", init="gaussian", inp="2",
                   cells=["RNN", "LSTM"], fb="2.5", seed=11, clip="10", lr="0.1")
    _ok(at)
    assert at.slider(key="steps").value == 120 and at.slider(key="hidden").value == 64
    assert at.select_slider(key="scale").value == 0.9 and at.selectbox(key="act").value == "relu"
    assert at.selectbox(key="init").value == "gaussian" and at.select_slider(key="inp").value == 2.0
    assert at.multiselect(key="cells").value == ["rnn", "lstm"] and at.slider(key="fb").value == 2.5
    assert at.number_input(key="seed").value == 11
    assert at.select_slider(key="clip").value == 10.0 and at.select_slider(key="lr").value == 0.1
    assert "step 120" in texts(at)


def test_junk_url_falls_back_to_defaults(default_page):
    at = open_page("bptt", steps="lots", hidden="-4", scale="7", act="swish", init="he", inp="x", cells="CNN",
                   fb="1e9", seed="NaN", clip="-1", lr="fast")
    _ok(at)
    assert at.slider(key="steps").value == 50 and at.slider(key="hidden").value == 32
    assert at.select_slider(key="scale").value == 1.0 and at.selectbox(key="act").value == "tanh"
    assert at.multiselect(key="cells").value == ["rnn"]
    assert chart_data(at) == chart_data(default_page)


def test_presets_set_the_controls():
    at = open_page("bptt")
    next(b for b in at.button if "explodes" in b.label).click().run()
    _ok(at)
    assert at.selectbox(key="act").value == "relu" and at.selectbox(key="init").value == "identity"
    assert "Exploding" in texts(at)
    next(b for b in at.button if "RNN vs LSTM" in b.label).click().run()
    _ok(at)
    assert at.multiselect(key="cells").value == ["rnn", "lstm", "gru"]


def test_maths_expander_quotes_pascanu_with_this_networks_numbers():
    t = texts(open_page("bptt", act="Sigmoid", scale="2"))
    assert "Pascanu" in t and "γ = 0.25" in t and "‖W_rec‖₂ = 2 < 1/γ = 4" in t and "must vanish" in t


def _step0(at, name: str) -> float:
    """The gradient size at step 0 of the norms chart's line called `name`."""
    trace = next(t for t in charts(at)[0]["data"] if t.get("name") == name)
    return float(trace["y"][0])


@pytest.mark.parametrize("k", [2, 5, 10])
def test_skip_path_brings_more_gradient_to_step_0(k):
    """tanh, weight scale 0.9, 100 steps: the path that jumps k steps back delivers more to step 0 than without."""
    without = open_page("bptt", act="tanh", scale="0.9", steps=100)
    with_skip = open_page("bptt", act="tanh", scale="0.9", steps=100, skip=str(k))
    _ok(without)
    _ok(with_skip)
    assert with_skip.select_slider(key="skip").value == k
    assert _step0(with_skip, f"plain RNN (tanh, skip {k})") > 1e3 * _step0(without, "plain RNN (tanh)")
    assert "skip path" in texts(with_skip) and "skip path" not in texts(without).lower()
    assert "bound for the plain RNN (tanh" not in str(charts(with_skip)[0])  # no bound holds for the skip path
    diagram = lambda at: next(c["layout"] for c in charts(at) if "flowing back" in str(c["layout"]["title"]))  # noqa: E731
    assert len(diagram(with_skip)["annotations"]) > len(diagram(without)["annotations"])  # the jumps' arrowheads
    assert diagram(with_skip).get("shapes") and not diagram(without).get("shapes")  # and their arcs
    assert f"jumps {k} steps at a time" in " ".join(texts(with_skip).split())


def test_junk_skip_falls_back_to_off():
    at = open_page("bptt", skip="7")
    _ok(at)
    assert at.select_slider(key="skip").value == 0


def test_exactly_balanced_says_balanced_not_may_explode():
    """‖W_rec‖₂ is 1 plus rounding here: the page compares with a tolerance, and the bound allows no growth."""
    at = open_page("bptt")
    next(b for b in at.button if "balanced" in b.label).click().run()
    _ok(at)
    t = " ".join(texts(at).split())
    assert "**balanced**" in t and "allows no growth" in t and "it *may* explode, but need not" not in t


def test_gated_cells_quote_their_measured_gates():
    t = " ".join(texts(open_page("bptt", cells=["LSTM", "GRU"], steps="30", hidden="8")).split())
    assert "the LSTM's forget gate keeps" in t and "the GRU's update gate keeps" in t
    assert "update gate" in t and "reset gate" in t
