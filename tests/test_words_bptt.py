"""ui/bptt_words: every verdict and sentence agrees with the BPTTResult it describes, over several configurations."""

import re

import numpy as np
import pytest

from core.rnn import RNNConfig, bptt_gradient_norms, updates_from
from ui import bptt_words as words
from ui.fmt import sci_log10
from ui.prose import prose

RNN_CONFIGS = [
    RNNConfig(),  # tanh, orthogonal, scale 1
    RNNConfig(activation="tanh", weight_scale=0.9, steps=50),
    RNNConfig(activation="relu", weight_scale=1.1, init="identity", steps=100),
    RNNConfig(activation="identity", weight_scale=1.0, init="orthogonal", steps=60),
    RNNConfig(activation="sigmoid", weight_scale=2.0, init="gaussian", steps=30, seed=3),
    RNNConfig(activation="tanh", weight_scale=3.0, steps=200, hidden=16, seed=1),
    RNNConfig(activation="relu", weight_scale=1.5, init="identity", steps=2000, hidden=8),  # past the float range
    RNNConfig(activation="leaky_relu", weight_scale=0.5, steps=20, input_scale=0.0),
]


@pytest.fixture(scope="module", params=RNN_CONFIGS, ids=lambda c: f"{c.activation}-{c.weight_scale}-{c.init}")
def result(request):
    return bptt_gradient_norms(request.param)


def test_the_verdict_agrees_with_the_ratio_it_quotes(result):
    text = words.verdict(result)
    if result.forward_overflowed:
        assert text.startswith("Exploding") and "infinite" in text
        return
    assert sci_log10(result.log10_ratio) in text
    if text.startswith("Vanishing"):
        assert result.log10_ratio < 0 and result.mean_factor < 1
        if "cannot learn" in text:
            assert result.log10_ratio < words.CANNOT_LEARN
    elif text.startswith("Exploding"):
        assert result.log10_ratio > 0 and result.mean_factor > 1
    else:
        assert text.startswith("Stable") and abs(np.log(result.mean_factor)) < 1e-9


def test_the_condition_sentence_compares_gamma_w_with_a_tolerance(result):
    if result.forward_overflowed:
        return
    text = words.condition_sentence(result)
    gw = result.gamma_w
    if "balanced" in text:
        assert abs(gw - 1) <= words.BALANCE_TOLERANCE and "may" not in text
    elif "must vanish" in text:
        assert gw < 1
    else:
        assert "*may* explode" in text and gw > 1 + words.BALANCE_TOLERANCE


def test_the_exactly_balanced_preset_is_balanced_not_may_explode():
    r = bptt_gradient_norms(RNNConfig(activation="identity", weight_scale=1.0, init="orthogonal"))
    assert r.w_rec_norm >= 1.0  # 1 plus rounding: a strict comparison would say "may explode"
    text = words.maths_sentence(r)
    assert "balanced" in text and "may* explode" not in text and "allows no growth" in text


def test_the_bound_is_computed_once_in_core_and_quoted_from_there(result):
    if result.forward_overflowed:
        return
    gw = result.gamma_w
    expected = result.steps * np.log10(gw) if gw > 0 else -np.inf
    assert words._log10_bound_total(result) == pytest.approx(expected, abs=1e-9)
    assert np.all(result.norms <= result.bound)  # the curve never crosses the bound it is drawn against


def test_a_step_zero_gradient_of_exactly_zero_counts_as_under_the_floor():
    r = bptt_gradient_norms(RNNConfig(activation="relu", input_scale=0.0, steps=10))  # dead ReLU: stops dead
    assert not np.isfinite(r.log10_norms[0]) and np.isfinite(r.log10_norms[-1])
    assert "under it at step 0: plain RNN (relu)" in words.norms_sentence([r])


def test_chart_sentences_quote_the_results_numbers(result):
    if result.forward_overflowed:
        return
    assert sci_log10(result.log10_norms[0]) in words.norms_sentence([result])
    assert sci_log10(result.log10_norms[0]) in words.diagram_sentence(result)
    assert f"{result.mean_factor:.3g}" in words.factors_sentence([result])
    assert "units" in words.heatmap_sentence(result, 24, 120)
    u = updates_from(result, 0.01, threshold=1.0)
    clip = words.clip_sentence(u)
    assert ("does nothing" in clip) == (u.clip_scale >= 1)


@pytest.mark.parametrize("cell,fb", [("lstm", 0.0), ("lstm", 3.0), ("gru", 1.0)])
def test_gated_sentences_quote_the_measured_gate_and_share(cell, fb):
    r = bptt_gradient_norms(RNNConfig(cell=cell, forget_bias=fb, steps=40, hidden=8))
    said = words.gated_sentence(r)
    assert f"{r.mean_gate:.2f}" in said and sci_log10(r.log10_ratio) in said
    assert f"{r.mean_gate:.2f}" in words.verdict(r)
    if cell == "lstm":
        assert f"bias {fb:g}" in said


def test_the_gated_prose_quotes_what_the_cells_measure():
    """Published facts on the page are test cases: the forget-bias and GRU numbers in bptt.md, re-measured."""
    text = prose("bptt", "gated")

    def kept(cell, fb, seed):
        r = bptt_gradient_norms(RNNConfig(cell=cell, forget_bias=fb, steps=100, hidden=32, seed=seed))
        return r.log10_ratio, r.mean_gate

    for seed in range(3):
        lr1, _ = kept("lstm", 1.0, seed)
        assert np.log10(4e-9) - 0.05 < lr1 < np.log10(1.7e-8) + 0.05
        lr3, g3 = kept("lstm", 3.0, seed)
        assert np.log10(0.018) - 0.01 < lr3 < np.log10(0.16) + 0.05 and abs(g3 - 0.93) < 0.01
        lg, gg = kept("gru", 1.0, seed)
        assert np.log10(4.5e-18) < lg < np.log10(5.5e-17) and 0.495 <= gg <= 0.515
    for quoted in ("4 × 10⁻⁹ to 1.7 × 10⁻⁸", "0.018 to 0.16", "5 × 10⁻¹⁸ to 5 × 10⁻¹⁷", "0.50 to 0.51"):
        assert quoted in text.replace("\n", " ")
    assert re.search(r"update\s+gate", text) and re.search(r"reset\s+gate", text)


@pytest.mark.parametrize("scale", [0.5, 0.9, 0.99, 0.999, 1.0, 1.001, 1.01, 1.1, 2.0])
def test_the_verdict_word_flips_on_the_right_side_of_one(scale):
    r = bptt_gradient_norms(RNNConfig(steps=50, hidden=16, activation="identity", weight_scale=scale))
    expected = "Vanishing" if scale < 1 else "Stable" if scale == 1 else "Exploding"
    assert words.verdict(r).startswith(expected) and r.regime == expected.lower()


def test_the_verdict_quotes_the_weights_and_slopes_parts():
    r = bptt_gradient_norms(RNNConfig(weight_scale=0.9, activation="tanh"))
    said = " ".join(words.verdict(r).split())
    assert "weight scale 0.9" in said and "(step 50)" in said and f"{r.mean_factor:.3g}" in said
    assert f"{r.weight_part:.2f}" in said and f"{r.slope_part:.2f}" in said


def test_a_gradient_past_the_float_range_is_told_as_infinity_in_the_verdict():
    r = bptt_gradient_norms(RNNConfig(steps=500, hidden=32, activation="relu", weight_scale=3.0, init="identity"))
    assert r.overflowed and not r.forward_overflowed
    said = words.verdict(r)
    assert said.startswith("Exploding") and "∞" in said and sci_log10(r.log10_ratio) in said


@pytest.mark.parametrize("k", [2, 5])
def test_the_skip_path_is_named_in_the_verdict_and_has_no_bound(k):
    r = bptt_gradient_norms(RNNConfig(activation="tanh", weight_scale=0.9, steps=100, skip=k))
    said = " ".join(words.verdict(r).split())
    assert f"jumps {k} steps back" in said and sci_log10(r.log10_ratio) in said
    assert words.label(r) == f"plain RNN (tanh, skip {k})" and r.log10_bound is None and not r.has_bound
    drawn = " ".join(words.diagram_sentence(r).split())
    assert f"jumps {k} steps at a time" in drawn and f"{100 // k} jumps carry" in drawn
    assert f"from step 100 to step {100 % k}." in drawn


def test_a_skip_longer_than_the_sequence_links_nothing_in_the_diagram():
    r = bptt_gradient_norms(RNNConfig(steps=8, hidden=4, skip=10))
    assert "links nothing" in words.diagram_sentence(r) and "arcs" not in words.diagram_sentence(r)
