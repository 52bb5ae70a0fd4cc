"""ui/deep_words: the verdict names its quantity and agrees with the numbers, over several configurations."""

import numpy as np
import pytest

from core import deepnet
from core.deepnet import DeepNetConfig, relative_update
from ui import deep_words as words
from ui.fmt import sci


def verdict(*args):
    """The verdict with line breaks as spaces, as markdown shows it."""
    kind, text = words.verdict(*args)
    return kind, " ".join(text.split())


CONFIGS = {
    "relu-xavier": DeepNetConfig(activation="relu", init="xavier", depth=30, width=64, batch=32),
    "relu-he": DeepNetConfig(activation="relu", init="he", depth=30, width=64, batch=32, seed=1),
    "sigmoid-xavier": DeepNetConfig(activation="sigmoid", init="xavier", depth=20, width=64, batch=32, seed=2),
    "tanh-small": DeepNetConfig(activation="tanh", init="small", depth=30, width=64, batch=32),
    "relu-skip": DeepNetConfig(activation="relu", init="he", residual=True, depth=50, width=64, batch=32),
    "leaky-he": DeepNetConfig(activation="leaky_relu", init="he", depth=10, width=32, batch=32),
    "elu-bn": DeepNetConfig(activation="elu", init="xavier", batch_norm=True, depth=10, width=32, batch=32),
}


@pytest.fixture(scope="module", params=list(CONFIGS), ids=str)
def stats(request):
    return deepnet.layer_gradient_stats(CONFIGS[request.param])


def test_the_verdict_names_its_quantity_and_agrees_with_both_ratios(stats):
    kind, text = verdict(stats)
    assert kind == words.kind_of(words.signal_ratio(stats), stats.overflowed)
    assert "back-propagated signal dL/dh" in text and "weight gradient dL/dW" in text
    assert sci(words.signal_ratio(stats)) in text and sci(stats.first_to_last) in text
    assert "almost no learning signal" not in text
    if "vanishes too" in text:
        assert stats.first_to_last < words.VANISH
    if "about even" in text:  # and explained by the forward signal offsetting a back-propagated one that changed
        assert words.VANISH <= stats.first_to_last <= words.EXPLODE and kind != "flow"
    if "learns almost nothing" in text:
        assert np.nanmax(relative_update(stats, words.REFERENCE_LR)) < words.TINY_UPDATE


def test_relu_xavier_says_every_layer_is_uniformly_tiny_not_that_layer_one_is_starved():
    s = deepnet.layer_gradient_stats(CONFIGS["relu-xavier"])
    kind, text = verdict(s)
    assert kind == "vanish" and "about even" in text and "the first no less than the last" in text
    assert sci(s.grad_norm[0]) in text  # the absolute size, where the ratio misleads


def test_the_fix_is_judged_by_the_same_quantity_before_and_after():
    before, after = (deepnet.layer_gradient_stats(c) for c in deepnet.remedy_pair(CONFIGS["relu-xavier"], "init"))
    said = words.remedy_sentence(before, after, "Xavier", "He")
    assert f"{sci(before.grad_norm[0])} Xavier → {sci(after.grad_norm[0])} He" in said
    assert after.grad_norm[0] > before.grad_norm[0] and "times larger" in said  # He helps, judged by size
    assert f"{sci(words.signal_ratio(before))} → {sci(words.signal_ratio(after))}" in said


def test_small_weights_get_their_own_sentence_with_the_measured_factor():
    s = deepnet.layer_gradient_stats(CONFIGS["tanh-small"])
    said = words.small_init_sentence(s)
    assert sci(words.per_layer(s)) in said and sci(words.signal_ratio(s)) in said and words.per_layer(s) < 0.5
    assert words.small_init_sentence(deepnet.layer_gradient_stats(CONFIGS["relu-he"])) == ""


def test_switched_off_is_said_only_where_the_slope_is_zero(stats):
    said = words.saturation_sentence(stats)
    assert ("switched off" in said) == (stats.config.activation == "relu")
    if stats.config.activation in ("leaky_relu", "prelu", "elu"):
        assert "not none" in said


def test_chart_sentences_quote_the_numbers(stats):
    assert sci(stats.grad_norm[0]) in words.gradient_sentence(stats)
    assert sci(stats.activation_std[0]) in words.distribution_sentence(stats)
    assert sci(100 * relative_update(stats, 0.1)[0]) in words.update_sentence(stats, 0.1)
