"""Activations against torch autograd, and the published facts about their slopes."""

import warnings

import numpy as np
import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from core.activations import ACTIVATIONS, NAMES, RELU_LIKE, get_activation

GRID = np.concatenate([np.linspace(-12, 12, 241), [-1e4, -1000, -40, -20, -1e-8, 0.0, 1e-8, 20, 40, 1000, 1e4]])


def autograd(act, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The activation's own torch function (`torch_f`) and its slope by torch autograd."""
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = act.torch_f(t)
    y.sum().backward()
    return y.detach().numpy(), t.grad.numpy()


@pytest.mark.parametrize("name", NAMES)
def test_values_and_slopes_match_torch_autograd(name):
    a = ACTIVATIONS[name]
    y, dy = autograd(a, GRID)
    np.testing.assert_allclose(a.f(GRID), y, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(a.df(GRID), dy, rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize("slope", [0.0, 0.1, 0.25, 0.9])
def test_prelu_slope_by_keyword_matches_torch(slope):
    a = get_activation("prelu", slope=slope)
    y, dy = autograd(a, GRID)
    np.testing.assert_allclose(a.f(GRID), y, atol=1e-12)
    np.testing.assert_allclose(a.df(GRID), dy, atol=1e-12)
    assert a.params["slope"] == slope


@pytest.mark.parametrize("alpha", [0.5, 1.0, 2.0])
def test_elu_alpha_matches_torch(alpha):
    a = get_activation("elu", alpha=alpha)
    y, dy = autograd(a, GRID)
    np.testing.assert_allclose(a.f(GRID), y, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(a.df(GRID), dy, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("slope", [0.0, 0.25, 0.9])
def test_prelu_torch_function_is_torchs_prelu(slope):
    """PReLU runs as leaky_relu with its slope: the same numbers and slopes as torch's own prelu."""
    t = torch.tensor(GRID, dtype=torch.float64, requires_grad=True)
    prelu = torch.nn.functional.prelu(t, torch.tensor([slope], dtype=torch.float64))
    (dt,) = torch.autograd.grad(prelu.sum(), t)
    y, dy = autograd(get_activation("prelu", slope=slope), GRID)
    np.testing.assert_allclose(y, prelu.detach().numpy(), atol=1e-15)
    np.testing.assert_allclose(dy, dt.numpy(), atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
def test_relu_like_means_slope_one_for_positive_inputs_and_less_for_negative(name):
    a = ACTIVATIONS[name]
    pos, neg = GRID[GRID > 0], GRID[GRID < 0]
    assert a.relu_like == bool(np.all(a.df(pos) == 1.0) and np.any(a.df(neg) < 1.0))
    assert (name in RELU_LIKE) == a.relu_like


@pytest.mark.parametrize("name", NAMES)
def test_no_warnings_at_huge_inputs(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = ACTIVATIONS[name]
        for x in (np.array([1e4, -1e4, 1e300, -1e300]), GRID):
            assert np.all(np.isfinite(a.df(x)))
            a.f(x)


def test_sigmoid_is_exactly_one_and_zero_far_out():
    s = ACTIVATIONS["sigmoid"]
    assert s.f(np.array([1000.0]))[0] == 1.0
    assert s.f(np.array([-1000.0]))[0] == 0.0


@given(st.floats(min_value=-700, max_value=700, allow_nan=False))
def test_sigmoid_slope_is_in_open_zero_to_quarter(z):
    d = float(ACTIVATIONS["sigmoid"].df(np.array([z]))[0])
    assert d <= 0.25
    if abs(z) < 700:
        assert d > 0  # never exactly flat, however far out (within float range)


def test_sigmoid_slope_reaches_quarter_only_at_zero():
    s = ACTIVATIONS["sigmoid"]
    assert s.df(np.array([0.0]))[0] == 0.25
    assert np.all(s.df(np.array([-1e-3, 1e-3, 0.5, -2])) < 0.25)


@given(st.floats(min_value=-300, max_value=300, allow_nan=False))
def test_tanh_stays_inside_minus_one_one_and_its_slope_at_most_one(z):
    t = ACTIVATIONS["tanh"]
    assert -1.0 <= t.f(np.array([z]))[0] <= 1.0
    assert 0.0 <= t.df(np.array([z]))[0] <= 1.0


@pytest.mark.parametrize("name,expected", [("sigmoid", 0.25), ("tanh", 1.0), ("relu", 1.0), ("identity", 1.0),
                                           ("leaky_relu", 1.0), ("prelu", 1.0), ("elu", 1.0)])
def test_max_derivative_is_the_true_maximum(name, expected):
    a = ACTIVATIONS[name]
    assert a.max_derivative == expected
    assert np.max(a.df(GRID)) == pytest.approx(expected, abs=1e-12)


def test_registry_and_defaults():
    assert set(NAMES) <= set(ACTIVATIONS)
    assert ACTIVATIONS["leaky_relu"].params["slope"] == 0.01
    assert ACTIVATIONS["elu"].params["alpha"] == 1.0
    with pytest.raises(KeyError):
        get_activation("swish")


def test_activation_is_frozen():
    with pytest.raises(AttributeError):
        ACTIVATIONS["sigmoid"].max_derivative = 1.0  # type: ignore[misc]
