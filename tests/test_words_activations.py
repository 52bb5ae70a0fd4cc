"""ui/activations_words: what each activation's slope means for a chain, from the slopes themselves."""

import numpy as np
import pytest

from core.activations import NAMES, get_activation
from ui import activations_words as words
from ui.fmt import percent, sci

X = np.linspace(-6, 6, 801)


@pytest.mark.parametrize("name", NAMES)
def test_the_chain_sentence_matches_the_slopes(name):
    act = get_activation(name)
    said = " ".join(words.chain_sentence(act, X).split())
    neg = float(act.df(np.array([-1.0]))[0])
    assert ("blocks the gradient completely" in said) == (not act.saturates and act.max_derivative >= 1 and neg == 0)
    if act.max_derivative < 1:
        assert f"{sci(act.max_derivative)}¹⁰ = **{sci(act.max_derivative ** 10)}**" in said
    if 0 < neg < 1 and not act.saturates:
        assert sci(neg) in said and "not nothing" in said


@pytest.mark.parametrize("name,kw", [("leaky_relu", {"slope": 0.3}), ("prelu", {"slope": 0.0}), ("elu", {"alpha": 2})])
def test_settings_change_the_sentence(name, kw):
    act = get_activation(name, **kw)
    said = words.chain_sentence(act, X)
    neg = float(act.df(np.array([-1.0]))[0])
    assert ("blocks the gradient completely" in said) == (neg == 0)


@pytest.mark.parametrize("span", [1.0, 6.0, 20.0])
def test_the_numbers_sentence_quotes_the_flat_share_of_the_range_shown(span):
    x = np.linspace(-span, span, 801)
    act = get_activation("tanh")
    said = words.numbers_sentence(act, x)
    assert percent(float(np.mean(act.flat(x)))) in said and f"−{span:g}" in said
