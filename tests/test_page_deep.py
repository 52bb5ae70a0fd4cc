"""AppTest for the deep-networks page: it loads, every control redraws, extremes and junk URLs never crash."""

from __future__ import annotations

import re
import time

import pytest

from tests.apptest import charts, no_nan_in_charts, open_page, texts

SMALL = dict(depth=10, width=32, act="tanh", scale="1.5")  # quick, and with some saturated units to change
CHARTS = ("gradient", "distribution", "saturation", "fix", "update")


def healthy(at) -> None:
    """No exception, no friendly-error box, five charts, nothing non-finite drawn, a summary under each chart."""
    assert not at.exception
    assert not [e.value for e in at.get("error") if "Something went wrong" in str(e.value)]
    assert len(charts(at)) == len(CHARTS)
    assert no_nan_in_charts(at)
    assert texts(at).count("In numbers:") == len(CHARTS)


def test_default_page_shows_sigmoid_vanishing_with_numbers():
    at = open_page("deep")
    healthy(at)
    body = texts(at)
    assert "Verdict: the gradient vanishes" in body
    assert "× 10⁻" in body  # numbers written for people, in powers of ten
    assert "Var = 2/n for ReLU" in body and "Var = 2/(fan_in + fan_out) for tanh" in body  # the maths expander
    assert "sigmoid can vanish with no unit on its flat part" in body


def traces(at) -> list:
    """Every chart's traces (box plots carry their numbers in q1/median/q3, not y)."""
    return [c["data"] for c in charts(at)]


def _move(at, kind: str, key: str, value):
    getattr(at, kind)(key=key).set_value(value).run()
    return at


# (widget kind, key, new value, charts that must change)
CONTROLS = [
    ("slider", "depth", 14, CHARTS),
    ("slider", "width", 64, CHARTS),
    ("selectbox", "act", "relu", CHARTS),
    ("selectbox", "init", "he", CHARTS),
    ("select_slider", "scale", 2.0, CHARTS),
    ("toggle", "bn", True, ("gradient", "distribution", "saturation", "update")),  # the fix chart shows both
    ("toggle", "skip", True, CHARTS),
    ("number_input", "seed", 3, CHARTS),
    ("radio", "fix", "residual", ("fix",)),
    ("select_slider", "lr", 0.3, ("update",)),
]


@pytest.mark.parametrize(("kind", "key", "value", "changed"), CONTROLS, ids=[c[1] for c in CONTROLS])
def test_every_control_changes_the_charts_it_should(kind, key, value, changed):
    at = open_page("deep", **SMALL)
    before = traces(at)
    _move(at, kind, key, value)
    healthy(at)
    after = traces(at)
    for i, name in enumerate(CHARTS):
        if name in changed:
            assert after[i] != before[i], f"moving {key} did not change the {name} chart"
        else:
            assert after[i] == before[i], f"moving {key} changed the {name} chart"


@pytest.mark.parametrize("fix", ["batch_norm", "residual", "init"])
def test_each_fix_compares_without_and_with(fix):
    at = open_page("deep", depth=20, width=64)
    _move(at, "radio", "fix", fix)
    healthy(at)
    names = [t["name"] for t in charts(at)[3]["data"]]
    assert len(names) == 2 and names[0] != names[1]


@pytest.mark.parametrize("query", [
    dict(depth=100, width=512),  # the heaviest net the sliders allow
    dict(depth=100, width=512, act="tanh", bn="true", skip="true"),  # batch norm's backward on the heaviest net
    dict(depth=100, width=128, init="Orthogonal"),  # a QR per layer (at width 512 that alone takes seconds)
    dict(depth=100, width=8, act="ReLU", init="He (Kaiming)", scale="4.0", skip="true", lr="1.0"),  # explodes
    dict(depth=100, width=8, act="tanh", init="Small N(0, 0.01²)", scale="0.1", lr="0.0001"),  # underflows to 0
    dict(depth=1, width=8),
    dict(depth=100, width=64, act="ELU", scale="4.0", bn="true"),
])
def test_extremes_never_crash_or_draw_nan(query):
    t0 = time.perf_counter()
    at = open_page("deep", timeout=120, **query)
    print(f"{query}: {time.perf_counter() - t0:.2f} s")  # a figure for the report, not a timed assertion
    healthy(at)


def test_exploding_net_says_so_and_gives_the_honest_note_on_skips():
    at = open_page("deep", depth=50, width=64, act="ReLU", init="He (Kaiming)", skip="true")
    healthy(at)
    body = texts(at)
    assert "Verdict: the gradient explodes" in body
    assert "Honest note on skip connections" in body


def test_url_parameters_open_that_state():
    at = open_page("deep", depth=33, width=128, act="tanh", init="He (Kaiming)", scale="2.0", bn="true", skip="true",
                   seed=7, fix="Skip connections", lr="0.1")
    healthy(at)
    assert at.slider(key="depth").value == 33 and at.slider(key="width").value == 128
    assert at.selectbox(key="act").value == "tanh" and at.selectbox(key="init").value == "he"
    assert at.select_slider(key="scale").value == 2.0 and at.select_slider(key="lr").value == 0.1
    assert at.toggle(key="bn").value and at.toggle(key="skip").value
    assert at.number_input(key="seed").value == 7 and at.radio(key="fix").value == "residual"
    assert len(charts(at)[0]["data"][0]["x"]) == 33


def test_junk_in_the_url_falls_back_to_defaults():
    at = open_page("deep", depth="abc", width="99999", act="swish", init="kaiming", scale="banana", bn="maybe",
                   skip="2", seed="-5", fix="nope", lr="1e9")
    healthy(at)
    assert at.slider(key="depth").value == 20 and at.slider(key="width").value == 256
    assert at.selectbox(key="act").value == "sigmoid" and at.selectbox(key="init").value == "xavier"
    assert at.select_slider(key="scale").value == 1.0 and at.select_slider(key="lr").value == 0.01
    assert at.radio(key="fix").value == "batch_norm"


@pytest.mark.parametrize(("button", "verdict"), [
    ("Sigmoid vanishes", "vanishes"),
    ("ReLU + Xavier", "vanishes"),
    ("ReLU + He", "flows"),
    ("ReLU + skips, no norm", "explodes"),
    ("Small weights", "vanishes"),
])
def test_presets_set_the_controls_in_one_click(button, verdict):
    at = open_page("deep", width=64)
    [b for b in at.button if button in str(b.label)][0].click().run()
    healthy(at)
    assert f"Verdict: the gradient {verdict}" in texts(at)


def test_figures_and_summaries_survive_numbers_beyond_float64():
    """No slider reaches this, but a future one might: overflowed layers become gaps, never NaN in a chart."""
    import warnings

    from core import deepnet
    from ui import deep_figures as figs
    from ui import deep_words as words

    s = deepnet.layer_gradient_stats(deepnet.DeepNetConfig(activation="relu", init="he", weight_scale=50.0,
                                                           depth=300, width=16, batch=8))
    assert s.overflowed
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        built = [figs.gradient_figure(s), figs.distribution_figure(s), figs.saturation_figure(s),
                 figs.remedy_figure(s, s, "a", "b"), figs.update_figure(s, 0.1)]
        sentences = [words.gradient_sentence(s), words.distribution_sentence(s), words.saturation_sentence(s),
                     words.remedy_sentence(s, s, "a", "b"), words.update_sentence(s, 0.1), words.verdict(s)[1]]
    for fig in built:
        spec = fig.to_json()
        assert "NaN" not in spec and "Infinity" not in spec
    for sentence in sentences:  # words, not Python's spellings of numbers that went wrong
        assert sentence.strip() and not any(w in sentence.split() for w in ("nan", "inf", "NaN", "None")), sentence
    assert words.verdict(s)[0] == "explode"


def test_small_weights_preset_names_the_cause_with_its_measured_factor():
    at = open_page("deep", width=64)
    [b for b in at.button if "Small weights" in str(b.label)][0].click().run()
    healthy(at)
    t = " ".join(texts(at).split())
    assert at.selectbox(key="init").value == "small" and "Small initial weights as a cause" in t
    assert re.search(r"measured ×0\.\d+ per layer", t)


def test_the_biggest_network_is_measured_on_a_smaller_batch_and_says_so():
    big = open_page("deep", timeout=120, depth=100, width=512)
    healthy(big)
    said = re.search(r"Measured on a batch of (\d+) examples rather than 128", texts(big))
    assert said and 32 <= int(said.group(1)) < 128
    assert "rather than 128" not in texts(open_page("deep"))  # the default network keeps its full batch
