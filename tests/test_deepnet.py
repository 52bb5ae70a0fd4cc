"""core.deepnet: the published facts about deep-net gradient flow, reproduced over several seeds, and numpy == torch."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs

from core.activations import NAMES
from core.deepnet import (
    INITS,
    DeepNetConfig,
    base_weights,
    init_variance,
    layer_gradient_stats,
    relative_update,
    weights,
)
from core.reference import deepnet_autograd

SEEDS = (0, 1, 2)


def stats(**kw):
    """A 30-layer net, 128 wide, on 128 examples unless told otherwise."""
    return layer_gradient_stats(DeepNetConfig(**{"depth": 30, "width": 128, "batch": 128, **kw}))


def signal_ratio(s) -> float:
    """std of the back-propagated gradient at layer 1 over the same at layer 30."""
    return float(s.grad_std[0] / s.grad_std[-1])


# ---- the published facts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_tanh_with_xavier_keeps_the_backpropagated_std_within_a_small_factor(seed):
    assert 0.1 < signal_ratio(stats(activation="tanh", init="xavier", seed=seed)) < 10


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_with_he_keeps_it_too(seed):
    assert 1 / 3 < signal_ratio(stats(activation="relu", init="he", seed=seed)) < 3


@pytest.mark.parametrize("seed", SEEDS)
def test_relu_with_xavier_shrinks_about_root_two_per_layer(seed):
    ratio = signal_ratio(stats(activation="relu", init="xavier", width=256, seed=seed))
    per_layer = ratio ** (1 / 29)  # 29 layer-to-layer steps between layer 30 and layer 1
    assert 1 / 1.55 < per_layer < 1 / 1.3
    assert 1e-5 < ratio < 1e-4  # ≈ 2^−14.5 ≈ 4 × 10⁻⁵ over 30 layers


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("seed", SEEDS)
def test_small_init_vanishes_by_orders_of_magnitude(activation, seed):
    assert signal_ratio(stats(activation=activation, init="small", seed=seed)) < 1e-10


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_plain_vanishes_but_batch_norm_keeps_the_first_layer_gradient(seed):
    plain = stats(activation="sigmoid", init="xavier", seed=seed)
    bn = stats(activation="sigmoid", init="xavier", batch_norm=True, seed=seed)
    assert plain.first_to_last < 1e-10 and signal_ratio(plain) < 1e-10
    assert 1 / 5 < bn.first_to_last < 5  # ‖dL/dW_1‖ within a small factor of ‖dL/dW_30‖
    assert 1 / 5 < signal_ratio(bn) < 5


@pytest.mark.parametrize("seed", SEEDS)
def test_sigmoid_with_skip_connections_keeps_the_backpropagated_gradient(seed):
    s = stats(activation="sigmoid", init="xavier", residual=True, seed=seed)
    assert 1 / 3 < signal_ratio(s) < 3
    # The weight gradient ‖dL/dW_1‖ is smaller than ‖dL/dW_30‖ here, but because the top layers' INPUT grew
    # (each skip adds sigmoid's positive outputs), not because the gradient vanished: orders better than plain.
    assert s.first_to_last > 1e-3
    assert s.activation_rms[-2] > 5.0  # the input to layer 30; layer 1's input has size 1


@pytest.mark.parametrize("seed", SEEDS)
def test_skip_connections_without_normalisation_let_relu_gradients_grow_with_depth(seed):
    s = stats(activation="relu", init="he", residual=True, seed=seed)
    assert signal_ratio(s) > 100
    assert 100 * signal_ratio(stats(activation="relu", init="he", residual=True, depth=10, seed=seed)) < signal_ratio(s)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "elu", "leaky_relu", "identity"])
@pytest.mark.parametrize("init", ["xavier", "he", "orthogonal", "standard"])
def test_the_variance_rule_tracks_the_measurement_without_batch_norm(activation, init):
    for seed in SEEDS[:2]:
        s = stats(activation=activation, init=init, seed=seed)
        err = np.abs(np.log10(s.predicted_grad_std / s.grad_std))
        assert np.all(np.isfinite(err))
        assert err.max() < math.log10(2), f"prediction off by {10 ** err.max():.2f}× somewhere"


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "elu"])
def test_with_batch_norm_the_rule_is_a_rough_guide(activation):
    """Batch norm also removes the gradient's batch-mean and scale directions, which the rule ignores."""
    for seed in SEEDS[:2]:
        s = stats(activation=activation, init="xavier", batch_norm=True, seed=seed)
        assert np.abs(np.log10(s.predicted_grad_std / s.grad_std)).max() < math.log10(4)


def test_the_prediction_starts_at_the_measured_top_and_multiplies_by_the_rule():
    s = stats(activation="tanh", init="xavier", depth=8)
    assert s.predicted_grad_std[-1] == s.grad_std[-1]
    ratios = s.predicted_grad_std[:-1] / s.predicted_grad_std[1:]
    np.testing.assert_allclose(ratios, s.predicted_factor[1:], rtol=1e-12)
    # ReLU + He: n·Var(W)·E[f′²] = n·(2/n)·½ = 1 per layer, up to the measured fraction of units that are on.
    relu = stats(activation="relu", init="he")
    np.testing.assert_allclose(relu.predicted_factor, 1.0, atol=0.15)


# ---- numpy against torch autograd ----------------------------------------------------------------------------


def _assert_matches_torch(cfg, rtol):
    ours = layer_gradient_stats(cfg)
    ref = deepnet_autograd(cfg)
    for name in ("grad_norm", "grad_std", "activation_std"):
        # Values that cancel to ~10⁻⁹ of the largest (batch norm of a 1-unit identity layer) differ by rounding only.
        atol = 1e-9 * float(np.max(np.abs(ref[name]))) + 1e-300
        np.testing.assert_allclose(getattr(ours, name), ref[name], rtol=rtol, atol=atol, err_msg=name)
    assert math.isclose(ours.loss, ref["loss"], rel_tol=rtol)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    depth=hs.integers(1, 6),
    width=hs.integers(1, 12),
    batch=hs.integers(2, 12),
    activation=hs.sampled_from(NAMES),
    init=hs.sampled_from(INITS),
    scale=hs.sampled_from([0.5, 1.0, 1.7]),
    bn=hs.booleans(),
    res=hs.booleans(),
    seed=hs.integers(0, 10_000),
)
def test_numpy_equals_torch_autograd(depth, width, batch, activation, init, scale, bn, res, seed):
    cfg = DeepNetConfig(depth=depth, width=width, batch=batch, activation=activation, init=init, weight_scale=scale,
                        batch_norm=bn, residual=res, seed=seed, precision="float64")
    _assert_matches_torch(cfg, rtol=1e-7)


@pytest.mark.parametrize("bn", [False, True])
def test_the_float32_fast_path_agrees_with_torch_float64(bn):
    cfg = DeepNetConfig(depth=12, width=64, batch=64, activation="tanh", batch_norm=bn, residual=True, seed=5)
    assert layer_gradient_stats(cfg).precision == "float32"
    _assert_matches_torch(cfg, rtol=2e-3)


# ---- contract, reproducibility, extremes ---------------------------------------------------------------------


def test_contract_fields_have_one_value_per_layer():
    s = layer_gradient_stats(DeepNetConfig(depth=7, width=16, batch=8))
    for name in ("grad_norm", "grad_std", "activation_std", "activation_saturation", "predicted_grad_std"):
        assert getattr(s, name).shape == (7,)
    assert s.activation_quantiles.shape == (7, 5)
    assert np.all(np.diff(s.activation_quantiles, axis=1) >= 0)


def test_same_seed_same_numbers_other_seed_other_numbers():
    a = stats(depth=5, seed=3)
    b = stats(depth=5, seed=3)
    c = stats(depth=5, seed=4)
    np.testing.assert_array_equal(a.grad_norm, b.grad_norm)
    assert not np.allclose(a.grad_norm, c.grad_norm)


def test_a_deeper_net_keeps_the_shallower_nets_layers():
    np.testing.assert_array_equal(base_weights(10, 8, "xavier", 1)[:4], base_weights(4, 8, "xavier", 1))


@pytest.mark.parametrize("init", INITS)
def test_each_init_has_the_variance_it_promises(init):
    w = weights(DeepNetConfig(depth=2, width=256, init=init, weight_scale=1.5))
    assert w.var() == pytest.approx(init_variance(init, 256, 256) * 1.5**2, rel=0.03)
    if init == "orthogonal":
        np.testing.assert_allclose(w[0] @ w[0].T / 1.5**2, np.eye(256), atol=1e-5)


def test_relative_update_is_learning_rate_times_gradient_over_weight():
    cfg = DeepNetConfig(depth=4, width=16, batch=8, init="he")
    s = layer_gradient_stats(cfg)
    w = weights(cfg)
    np.testing.assert_allclose(s.weight_norm, np.linalg.norm(w.reshape(4, -1), axis=1), rtol=1e-6)
    np.testing.assert_allclose(relative_update(s, 0.1), 0.1 * s.grad_norm / s.weight_norm)
    assert np.all(relative_update(s, 0.2) == 2 * relative_update(s, 0.1))


def test_saturation_counts_the_flat_part():
    calm = stats(activation="tanh", init="xavier", depth=5)
    hot = stats(activation="tanh", init="xavier", depth=5, weight_scale=4.0)
    assert calm.activation_saturation.max() < 0.05
    assert hot.activation_saturation[-1] > 0.3
    relu = stats(activation="relu", init="he", depth=5)
    np.testing.assert_allclose(relu.activation_saturation, 0.5, atol=0.05)  # off units: slope 0


def test_auto_precision_redoes_an_overflowing_float32_pass_in_float64():
    cfg = dict(activation="relu", init="he", weight_scale=4.0, depth=100, width=32, batch=16)
    s = layer_gradient_stats(DeepNetConfig(**cfg))
    assert s.precision == "float64" and not s.overflowed
    assert s.activation_std[-1] > 1e50


def test_beyond_float64_is_flagged_without_warnings():
    cfg = DeepNetConfig(activation="relu", init="he", weight_scale=50.0, depth=300, width=16, batch=8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s = layer_gradient_stats(cfg)
        relative_update(s, 0.1)
    assert s.overflowed
    assert not np.all(np.isfinite(s.grad_norm))


def test_zero_weights_give_zero_gradients_not_nan():
    s = layer_gradient_stats(DeepNetConfig(depth=3, width=8, batch=4, weight_scale=0.0))
    assert not s.overflowed
    assert np.all(s.grad_norm[:-1] == 0)


@pytest.mark.parametrize("bad", [dict(depth=0), dict(width=0), dict(batch=1), dict(activation="swish"),
                                 dict(init="kaiming"), dict(weight_scale=-1.0), dict(weight_scale=math.nan),
                                 dict(precision="float16")])
def test_bad_configs_are_refused_in_words(bad):
    with pytest.raises(ValueError):
        DeepNetConfig(**bad)
