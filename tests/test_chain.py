"""The chain of derivatives: the article's product, partial products, underflow and overflow told honestly."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.activations import ACTIVATIONS
from core.chain import ARTICLE_FACTORS, chain_from_activation, chain_from_factors, parse_factors


def test_the_articles_five_factors_give_0_000022869():
    r = chain_from_factors([0.21, 0.11, 0.06, 0.11, 0.15])
    assert r.total == pytest.approx(0.000022869, rel=1e-12)
    assert tuple(r.factors) == ARTICLE_FACTORS
    np.testing.assert_allclose(r.running, [0.21, 0.0231, 0.001386, 0.00015246, 0.000022869], rtol=1e-12)


@given(st.lists(st.floats(min_value=1e-3, max_value=3.0), min_size=1, max_size=60))
def test_running_is_the_product_of_the_first_factors(factors):
    r = chain_from_factors(factors)
    for i in range(len(factors)):
        assert r.running[i] == pytest.approx(float(np.prod(factors[: i + 1])), rel=1e-9)
    assert r.total == r.running[-1]
    np.testing.assert_allclose(r.log10_running, np.log10(r.running), rtol=1e-9, atol=1e-9)


def test_underflow_gives_zero_and_says_so_never_nan():
    r = chain_from_factors([1e-200, 1e-200, 1e-200])
    assert r.total == 0.0 and r.underflowed and not np.isnan(r.running).any()
    assert r.log10_running[-1] == pytest.approx(-600)


def test_overflow_is_inf_and_flagged_and_a_zero_after_it_gives_zero_not_nan():
    r = chain_from_factors([1e200, 1e200, 0.0, 5.0])
    assert np.isinf(r.running[1]) and r.overflowed
    assert r.running[2] == 0.0 and r.total == 0.0
    assert not np.isnan(r.running).any()


def test_a_true_zero_is_not_called_underflow():
    r = chain_from_factors([0.5, 0.0, 0.5])
    assert r.total == 0.0 and not r.underflowed


@pytest.mark.parametrize("bad", [[], [np.nan], [np.inf, 1.0]])
def test_bad_factors_raise_value_error(bad):
    with pytest.raises(ValueError):
        chain_from_factors(bad)


def test_activation_chain_is_weight_times_slope_at_seeded_preactivations():
    r = chain_from_activation("sigmoid", depth=20, spread=1.0, weight=1.0, seed=0)
    z = np.random.default_rng(0).normal(0, 1.0, 20)
    np.testing.assert_array_equal(r.preactivations, z)
    np.testing.assert_allclose(r.factors, ACTIVATIONS["sigmoid"].df(z))
    assert r.total <= 0.25**20  # the sigmoid ceiling
    again = chain_from_activation("sigmoid", depth=20, spread=1.0, weight=1.0, seed=0)
    np.testing.assert_array_equal(r.factors, again.factors)
    other = chain_from_activation("sigmoid", depth=20, spread=1.0, weight=1.0, seed=1)
    assert not np.array_equal(r.factors, other.factors)


@given(st.integers(1, 100), st.floats(0, 10), st.integers(0, 1000))
def test_sigmoid_chain_never_beats_quarter_to_the_n(depth, spread, seed):
    r = chain_from_activation("sigmoid", depth=depth, spread=spread, seed=seed)
    assert np.all(r.log10_running <= np.arange(1, depth + 1) * np.log10(0.25) + 1e-9)


def test_relu_with_weight_above_one_explodes_when_units_are_on():
    r = chain_from_activation("relu", depth=20, spread=0.5, weight=1.5, seed=0, center=3.0)
    assert np.all(r.factors == 1.5)
    assert r.total == pytest.approx(1.5**20)


def test_relu_with_a_unit_off_stops_the_gradient_dead():
    r = chain_from_activation("relu", depth=30, spread=1.0, weight=1.5, seed=0)
    assert (r.factors == 0).any() and r.total == 0.0 and not r.underflowed


def test_deep_wide_sigmoid_chain_underflows_to_zero_without_nan():
    r = chain_from_activation("sigmoid", depth=100, spread=10.0, seed=0)
    assert r.total == 0.0 and r.underflowed
    assert np.isfinite(r.log10_running[-1]) and r.log10_running[-1] < -308


def test_parse_factors_reads_what_people_type():
    assert parse_factors("0.21 × 0.11, 0.06 0.11;0.15") == [0.21, 0.11, 0.06, 0.11, 0.15]
    assert parse_factors("−0.5 * 2") == [-0.5, 2.0]


@pytest.mark.parametrize("text", ["", "   ", "0.2 abc", "nan", "1e999", "0.1 " * 1001])
def test_parse_factors_rejects_junk_with_a_message(text):
    with pytest.raises(ValueError) as err:
        parse_factors(text)
    assert str(err.value)
