"""ui/chain_words: the chain's sentence and warnings agree with the ChainResult, over several chains."""

import numpy as np
import pytest

from core.chain import chain_from_activation, chain_from_factors
from ui import chain_words as words
from ui.fmt import sci, sci_log10


@pytest.mark.parametrize("factors,kind", [
    ([0.21, 0.11, 0.06, 0.11, 0.15], "shrunk"), ([1.5] * 20, "exploded"), ([0.5, 0.0, 2.0], "zero"),
    ([1e-200] * 3, "shrunk"), ([1e200] * 3, "exploded")])
def test_the_sentence_follows_the_product(factors, kind):
    r = chain_from_factors(factors)
    said = " ".join(words.numbers_sentence(r, 0.25, None).split())
    assert {"shrunk": "of its size", "exploded": "**exploded**", "zero": "stops dead"}[kind] in said
    if kind != "zero":
        assert words.total_text(r) in said and sci(max(factors)) in said
    else:
        assert "Factor 2 is exactly 0 (you typed 0)" in said


def test_activation_chains_name_their_layers_and_the_best_case():
    r = chain_from_activation("sigmoid", depth=20, spread=1.0, weight=1.0, seed=0, center=0.0)
    said = " ".join(words.numbers_sentence(r, 0.25, "Sigmoid").split())
    assert "After 20 Sigmoid layers" in said and sci_log10(20 * np.log10(0.25)) in said


def test_a_dead_relu_and_a_zero_weight_say_why():
    dead = chain_from_activation("relu", depth=10, spread=0.1, weight=1.0, seed=0, center=-3.0)
    assert "switched-off unit" in words.numbers_sentence(dead, 1.0, "ReLU")
    zero = chain_from_activation("tanh", depth=5, spread=1.0, weight=0.0, seed=0, center=0.0)
    assert "the weight is 0" in words.numbers_sentence(zero, 0.0, "tanh")


def test_underflow_says_where_float64_really_ends():
    r = chain_from_factors([1e-200] * 2)
    assert r.underflowed
    [warning] = words.range_warnings(r)
    assert "5 × 10⁻³²⁴" in warning and "10⁻³⁰⁸" not in warning and sci_log10(-400) in warning
    over = chain_from_factors([1e200] * 2)
    assert over.overflowed and "1.8 × 10³⁰⁸" in " ".join(words.range_warnings(over))
    assert words.range_warnings(chain_from_factors([0.5, 0.5])) == []
