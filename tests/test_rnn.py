"""core.rnn and core.plain_rnn (numpy BPTT, with and without the skip path): checked against torch autograd
(core.reference) and against the maths. The LSTM and GRU are in test_gated.py."""

from __future__ import annotations

import math
import warnings
from contextlib import contextmanager
from dataclasses import fields, replace

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.activations import NAMES, get_activation
from core.reference import rnn_autograd_grads, rnn_autograd_norms
from core.rnn import INITS, BPTTResult, RNNConfig, bptt_gradient_norms, make_rnn, regime_of, updates_from

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

configs = st.builds(
    RNNConfig,
    steps=st.integers(1, 40),
    hidden=st.integers(2, 16),
    activation=st.sampled_from(NAMES),
    weight_scale=st.floats(0.0, 3.0),
    init=st.sampled_from(INITS),
    input_scale=st.floats(0.0, 3.0),
    seed=st.integers(0, 10_000),
)


@contextmanager
def _strict():
    """Any warning (numpy's floating-point ones included) becomes an error inside this block."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# ---------------------------------------------------------------- contract


def test_contract_shapes_and_fields():
    cfg = RNNConfig(steps=50, hidden=32, activation="tanh", weight_scale=1.0, init="orthogonal",
                    input_scale=1.0, seed=0, cell="rnn", forget_bias=1.0)
    net = make_rnn(cfg)
    assert net.W_rec.shape == (32, 32) and net.W_in.shape[0] == 32 and net.b.shape == (32,)
    assert net.c0.shape == (32,) and net.xs.shape == (50, net.W_in.shape[1])
    assert net.R.shape[1] == 32 and net.y.shape == (net.R.shape[0],)
    res = bptt_gradient_norms(cfg)
    assert res.norms.shape == (51,) and res.step_factors.shape == (50,) and res.bound.shape == (51,)
    assert res.regime in ("vanishing", "exploding", "stable")
    words = [f.name for f in fields(BPTTResult) if f.type in ("str", str)]
    assert words == ["regime"]  # numbers only: the words about a result are ui.bptt_words's (tests/test_words_bptt)
    assert res.overflowed is False and res.cell_norms is None
    again = bptt_gradient_norms(cfg, make_rnn(cfg))
    np.testing.assert_array_equal(res.norms, again.norms)
    assert all(a.dtype == np.float64 for a in (net.W_rec, net.xs, res.norms, res.step_factors, res.bound))
    with pytest.raises(AttributeError):
        cfg.steps = 3  # frozen


def test_config_rejects_nonsense():
    for bad in (dict(steps=0), dict(hidden=0), dict(activation="swish"), dict(init="he"), dict(cell="transformer"),
                dict(weight_scale=float("nan")), dict(weight_scale=-1.0), dict(skip=-1), dict(skip=3, cell="gru")):
        with pytest.raises(ValueError):
            RNNConfig(**bad)


def test_seed_decides_everything():
    a, b = bptt_gradient_norms(RNNConfig(seed=3)), bptt_gradient_norms(RNNConfig(seed=3))
    c = bptt_gradient_norms(RNNConfig(seed=4))
    np.testing.assert_array_equal(a.norms, b.norms)
    assert not np.allclose(a.norms, c.norms)


def test_inits_do_what_they_say():
    q = make_rnn(RNNConfig(hidden=20, weight_scale=0.7, init="orthogonal")).W_rec
    np.testing.assert_allclose(np.linalg.svd(q, compute_uv=False), 0.7, rtol=1e-12)
    np.testing.assert_array_equal(make_rnn(RNNConfig(hidden=5, weight_scale=1.5, init="identity")).W_rec,
                                  1.5 * np.eye(5))
    g = make_rnn(RNNConfig(hidden=256, weight_scale=1.3, init="gaussian")).W_rec
    assert abs(np.std(g) * math.sqrt(256) - 1.3) < 0.05
    assert abs(np.max(np.abs(np.linalg.eigvals(g))) - 1.3) < 0.15  # circular law: spectral radius ≈ scale
    xs1 = make_rnn(RNNConfig(input_scale=1.0)).xs
    np.testing.assert_allclose(make_rnn(RNNConfig(input_scale=2.5)).xs, 2.5 * xs1)


# ---------------------------------------------------------------- numpy == torch autograd


def _compare_with_autograd(cfg, rtol, paths: int = 0):
    """numpy's norms against autograd's. With `paths` = k (a skip path), a step's gradient is the sum of what
    arrives from the next step and from k steps on; where those nearly cancel, two correct summation orders
    agree only to about 1e-16 of the terms' size, so the tolerance also allows 1e-11 of the largest norm among
    the steps it came from."""
    net = make_rnn(cfg)
    with _strict(), np.errstate(all="raise"):
        ours = bptt_gradient_norms(cfg, net)
    truth = rnn_autograd_norms(cfg, net)
    ok = np.isfinite(truth) & (truth > 1e-250)
    if paths:
        finite = np.where(np.isfinite(truth), truth, 0.0)
        terms = np.array([finite[t: t + paths + 1].max() for t in range(truth.size)])
        err = np.abs(ours.norms - truth)[ok]
        assert np.all(err <= rtol * truth[ok] + 1e-11 * terms[ok]), (ours.norms[ok], truth[ok])
    else:
        np.testing.assert_allclose(ours.norms[ok], truth[ok], rtol=rtol)
    # where torch's plain products overflow or underflow, ours says so too (inf, or tiny), never NaN
    assert not np.any(np.isnan(ours.norms)) and not np.any(np.isnan(ours.step_factors))
    assert np.all(np.isinf(ours.norms[np.isinf(truth)]))


@FAST
@given(configs.map(lambda c: replace(c, weight_scale=min(c.weight_scale, 2.5), input_scale=min(c.input_scale, 2.0))))
def test_numpy_equals_torch_autograd(cfg):
    _compare_with_autograd(cfg, rtol=1e-9)


@FAST
@given(configs.map(lambda c: replace(c, input_scale=c.input_scale * 5 / 3)))
def test_numpy_near_torch_autograd_in_deep_saturation(cfg):
    """Far into tanh's flat tails, numpy's and torch's tanh differ by an ulp, and 1 − c² magnifies that: with c
    within 10⁻¹² of ±1, 1 − c² keeps only about four digits (hypothesis found a 1.7 × 10⁻⁵ gap at 10⁻³⁵). The
    gradients still agree to 10⁻⁴ there (this is rounding, not a different computation)."""
    _compare_with_autograd(cfg, rtol=1e-4)


def test_per_unit_gradients_equal_autograd():
    cfg = RNNConfig(steps=30, hidden=12, activation="elu", weight_scale=1.2, init="gaussian", seed=5)
    net = make_rnn(cfg)
    grads = rnn_autograd_grads(cfg, net)
    res = bptt_gradient_norms(cfg, net)
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(res.log10_abs_grads, np.log10(np.abs(grads)), atol=1e-9)


# ---------------------------------------------------------------- the skip path


@FAST
@given(configs.map(lambda c: replace(c, weight_scale=min(c.weight_scale, 2.0), input_scale=min(c.input_scale, 2.0))),
       st.integers(1, 12))
def test_skip_path_equals_torch_autograd(cfg, k):
    """c(t) = f(W_rec·c(t−1) + W_in·x(t) + b) + c(t−k): numpy's backward pass is autograd's, norms and per unit."""
    cfg = replace(cfg, skip=k)
    _compare_with_autograd(cfg, rtol=1e-8, paths=k)
    net = make_rnn(cfg)
    grads = rnn_autograd_grads(cfg, net)
    res = bptt_gradient_norms(cfg, net)
    # Per unit, compare the entries that are not mostly cancellation: a unit's gradient a billionth of its step's
    # norm is a difference of far larger terms, which two correct summation orders give to only a few digits.
    rows = np.linalg.norm(grads, axis=1, keepdims=True)
    big = (np.abs(grads) > 1e-9 * rows) & (rows > 1e-250 * rows.max())
    with np.errstate(divide="ignore"):
        np.testing.assert_allclose(res.log10_abs_grads[big], np.log10(np.abs(grads[big])), atol=1e-7)


def test_skip_path_carries_the_gradient_back_unchanged():
    """tanh, scale 0.9, 100 steps: without the path step 0 keeps ~10⁻⁸ of the last step's gradient; with a
    path every 5 steps the part that arrives by 20 jumps has met no weight and no slope."""
    plain = bptt_gradient_norms(RNNConfig(steps=100, weight_scale=0.9))
    skip = bptt_gradient_norms(RNNConfig(steps=100, weight_scale=0.9, skip=5))
    assert plain.log10_ratio < -5 and skip.log10_ratio > plain.log10_ratio + 5
    assert not skip.has_bound and np.all(np.isinf(skip.bound)) and skip.weight_part is None
    assert skip.log10_shares is not None and updates_from(skip, 0.01, threshold=1.0).clipped is not None


def test_skip_longer_than_the_sequence_changes_nothing():
    a = bptt_gradient_norms(RNNConfig(steps=20, hidden=6))
    b = bptt_gradient_norms(RNNConfig(steps=20, hidden=6, skip=21))
    np.testing.assert_array_equal(a.norms, b.norms)


def test_skip_path_with_a_dead_relu_still_reaches_back():
    """Weight scale 0: the step-by-step path is exactly 0 after one step; the skip path still carries it."""
    res = bptt_gradient_norms(RNNConfig(steps=30, hidden=8, activation="relu", weight_scale=0.0, skip=3))
    assert res.norms[0] > 0 and res.norms[1] == 0 and not np.any(np.isnan(res.norms))
    truth = rnn_autograd_norms(res.cfg)
    np.testing.assert_allclose(res.norms, truth, rtol=1e-9, atol=0)


# ---------------------------------------------------------------- the maths


@FAST
@given(st.floats(0.05, 3.0), st.integers(1, 60), st.integers(2, 24), st.integers(0, 999))
def test_identity_activation_orthogonal_scales_exactly_by_weight_scale(scale, steps, hidden, seed):
    res = bptt_gradient_norms(RNNConfig(steps=steps, hidden=hidden, activation="identity", weight_scale=scale,
                                        init="orthogonal", seed=seed))
    np.testing.assert_allclose(res.step_factors, scale, rtol=1e-12)
    np.testing.assert_allclose(res.log10_norms[0] - res.log10_norms[-1], steps * math.log10(scale), atol=1e-9)


@FAST
@given(configs)
def test_sigmoid_norms_never_exceed_the_bound(cfg):
    cfg = RNNConfig(**{**cfg.__dict__, "activation": "sigmoid"})
    res = bptt_gradient_norms(cfg)
    ok = np.isfinite(res.norms)
    tiny = np.finfo(float).tiny  # subnormal weights (hypothesis finds 2 × 10⁻³¹³) keep few digits: absolute slack
    assert np.all(res.norms[ok] <= res.bound[ok] * (1 + 1e-12) + tiny)
    assert np.all(res.step_factors <= 0.25 * res.w_rec_norm * (1 + 1e-12) + tiny)


@FAST
@given(configs)
def test_bound_is_the_formula_and_holds_for_every_activation(cfg):
    res = bptt_gradient_norms(cfg)
    gw = get_activation(cfg.activation).max_derivative * np.linalg.norm(make_rnn(cfg).W_rec, 2)
    k = np.arange(cfg.steps, -1, -1)
    with np.errstate(all="ignore"):
        formula = gw**k * res.norms[-1]
    ok = np.isfinite(formula) & (formula > 1e-250) & np.isfinite(res.norms)
    np.testing.assert_allclose(res.bound[ok], formula[ok], rtol=1e-9)
    fin = np.isfinite(res.norms) & np.isfinite(res.bound)
    assert np.all(res.norms[fin] <= res.bound[fin])


@pytest.mark.parametrize("scale", [5e-324, 1e-320, 3e-310])
@pytest.mark.parametrize("init", INITS)
def test_subnormal_weights_keep_their_digits(scale, init):
    """Below 2.2 × 10⁻³⁰⁸ the weights are subnormal, whole multiples of 2⁻¹⁰⁷⁴: W·v would round every entry to
    such a multiple. Checked against the same product done on the integers M = W·2¹⁰⁷⁴ (identity f, so the
    gradient is (Wᵀ)^(T−t)·dE/dc(T)), and against the bound, in logs where the numbers print 0."""
    cfg = RNNConfig(steps=12, hidden=5, activation="identity", init=init, weight_scale=scale, seed=1)
    net = make_rnn(cfg)
    m = np.ldexp(net.W_rec, 1074)
    assert np.array_equal(m, np.round(m))  # exact: W is M·2⁻¹⁰⁷⁴
    c = net.c0
    for x in net.xs:
        c = net.W_rec @ c + net.W_in @ x + net.b
    g = net.R.T @ (net.R @ c - net.y)
    expected, shift, g = [math.log10(np.linalg.norm(g))], 0.0, g / np.linalg.norm(g)
    for k in range(1, cfg.steps + 1):
        g = m.T @ g
        size = np.linalg.norm(g)
        if size == 0:  # M is all 0 (a Gaussian draw below 2⁻¹⁰⁷⁵ rounds to 0): nothing goes back
            expected += [-math.inf] * (cfg.steps + 1 - k)
            break
        shift, g = shift + math.log10(size), g / size  # kept as a unit vector and its log size
        expected.append(shift + expected[0] + k * -1074 * math.log10(2.0))
    res = bptt_gradient_norms(cfg)
    np.testing.assert_allclose(res.log10_norms[::-1], expected, atol=1e-9)
    assert np.all(res.log10_norms <= res.log10_bound + 1e-9) and np.all(res.norms <= res.bound)


@FAST
@given(configs)
def test_step_factors_are_ratios_of_norms(cfg):
    res = bptt_gradient_norms(cfg)
    n = res.norms
    ok = np.isfinite(n[:-1]) & np.isfinite(n[1:]) & (n[1:] > 1e-300) & (n[:-1] > 1e-300)
    np.testing.assert_allclose(res.step_factors[ok], n[:-1][ok] / n[1:][ok], rtol=1e-9)
    assert np.all(res.step_factors >= 0)


@pytest.mark.parametrize("scale,expected", [(0.5, "vanishing"), (0.9, "vanishing"), (0.99, "vanishing"),
                                            (0.999, "vanishing"), (1.0, "stable"), (1.001, "exploding"),
                                            (1.01, "exploding"), (1.1, "exploding"), (2.0, "exploding")])
def test_regime_flips_on_the_right_side_of_one(scale, expected):
    res = bptt_gradient_norms(RNNConfig(steps=50, hidden=16, activation="identity", weight_scale=scale))
    assert res.regime == expected  # the verdict's word for it: tests/test_words_bptt.py


def test_regime_of_is_monotone_around_one():
    assert regime_of(0.0) == "vanishing" and regime_of(math.inf) == "exploding"
    assert regime_of(1.0) == "stable" and regime_of(1 - 1e-6) == "vanishing" and regime_of(1 + 1e-6) == "exploding"


@pytest.mark.parametrize("scale", [0.5, 0.9, 1.0])
def test_tanh_and_sigmoid_vanish_when_pascanu_says_they_must(scale):
    for act in ("tanh", "sigmoid"):
        res = bptt_gradient_norms(RNNConfig(activation=act, weight_scale=scale))
        assert res.w_rec_norm * res.gamma <= 1 + 1e-12
        assert res.regime == "vanishing"


def test_the_step_factor_splits_into_weights_and_slopes():
    res = bptt_gradient_norms(RNNConfig(weight_scale=0.9, activation="tanh"))
    assert res.weight_part == pytest.approx(0.9, rel=1e-9)  # orthogonal: the weights stretch by exactly the scale
    assert res.weight_part * res.slope_part == pytest.approx(res.mean_factor, rel=1e-9)


def test_relu_identity_500_steps_scale_3_overflows_without_nan():
    with _strict(), np.errstate(all="raise"):
        res = bptt_gradient_norms(RNNConfig(steps=500, hidden=32, activation="relu", weight_scale=3.0,
                                            init="identity"))
    assert res.overflowed and res.regime == "exploding"
    for arr in (res.norms, res.step_factors, res.bound, res.log10_norms, res.log10_abs_grads):
        assert not np.any(np.isnan(arr))
    assert np.isinf(res.norms[0]) and np.isfinite(res.log10_norms[0]) and res.log10_norms[0] > 308


@pytest.mark.parametrize("kw", [dict(steps=500, activation="sigmoid"), dict(steps=500, weight_scale=0.0),
                                dict(steps=500, activation="relu", init="gaussian", weight_scale=3.0),
                                dict(steps=500, activation="tanh", weight_scale=3.0, input_scale=5.0),
                                dict(steps=2000, activation="identity", init="identity", weight_scale=3.0),
                                dict(steps=300, activation="identity", weight_scale=0.05)])
def test_extremes_raise_no_warning_and_give_no_nan(kw):
    with _strict(), np.errstate(all="raise"):
        res = bptt_gradient_norms(RNNConfig(**kw))
        u = updates_from(res, 0.01, threshold=1.0)
    for arr in (res.norms, res.step_factors, res.bound, res.log10_norms, u.sizes, u.log10_sizes):
        assert not np.any(np.isnan(arr))
    assert u.clipped is None or not np.any(np.isnan(u.clipped))
    assert res.regime in ("vanishing", "exploding", "stable")


def test_sigmoid_underflow_is_reported_with_its_true_size():
    res = bptt_gradient_norms(RNNConfig(steps=500, activation="sigmoid"))
    assert res.norms[0] == 0 and res.underflowed and np.isfinite(res.log10_norms[0]) and res.log10_norms[0] < -308


def test_forward_overflow_is_inf_and_flagged():
    res = bptt_gradient_norms(RNNConfig(steps=5000, hidden=8, activation="identity", init="identity",
                                        weight_scale=3.0))
    assert res.forward_overflowed and res.overflowed and res.regime == "exploding"
    assert np.all(np.isinf(res.norms)) and not np.any(np.isnan(res.step_factors))


# ---------------------------------------------------------------- updates and clipping


def test_update_sizes_equal_per_step_autograd():
    """Give every step its own copy of W_rec and W_in: autograd's gradient on copy t is step t's share."""
    cfg = RNNConfig(steps=25, hidden=10, activation="tanh", weight_scale=1.1, seed=2)
    net = make_rnn(cfg)
    t64 = lambda a: torch.from_numpy(np.ascontiguousarray(a))  # noqa: E731
    w_recs = [t64(net.W_rec).clone().requires_grad_(True) for _ in range(cfg.steps)]
    w_ins = [t64(net.W_in).clone().requires_grad_(True) for _ in range(cfg.steps)]
    c = t64(net.c0)
    for t in range(cfg.steps):
        c = torch.tanh(w_recs[t] @ c + w_ins[t] @ t64(net.xs[t]) + t64(net.b))
    e = 0.5 * torch.sum((t64(net.R) @ c - t64(net.y)) ** 2)
    g = torch.autograd.grad(e, w_recs + w_ins)
    per_step = np.array([math.sqrt(float(g[t].square().sum() + g[cfg.steps + t].square().sum()))
                         for t in range(cfg.steps)])
    total = math.sqrt(float(sum(g[t] for t in range(cfg.steps)).square().sum()
                            + sum(g[cfg.steps + t] for t in range(cfg.steps)).square().sum()))
    u = updates_from(bptt_gradient_norms(cfg, net), 0.1)
    np.testing.assert_allclose(u.sizes, 0.1 * per_step, rtol=1e-9)
    assert 10**u.log10_total == pytest.approx(0.1 * total, rel=1e-9)
    assert u.sizes[0] < u.sizes[-1]  # the early steps barely move the weights


def test_clipping_scales_every_share_by_one_number():
    cfg = RNNConfig(weight_scale=3.0, activation="relu", init="identity", steps=60)
    u = updates_from(bptt_gradient_norms(cfg), 0.01, threshold=1.0)
    assert u.clip_scale < 1
    np.testing.assert_allclose(u.clipped / u.sizes, u.clip_scale, rtol=1e-9)
    assert u.log10_total + u.log10_clip_scale == pytest.approx(math.log10(0.01 * 1.0), abs=1e-12)
    small = updates_from(bptt_gradient_norms(RNNConfig(steps=60)), 0.01, threshold=1e6)
    assert small.clip_scale == 1.0
    np.testing.assert_array_equal(small.clipped, small.sizes)  # a vanished gradient stays vanished


def test_updates_from_refuses_gated_cells_and_bad_numbers():
    res = bptt_gradient_norms(RNNConfig(steps=10, hidden=4))
    for lr, threshold in ((0.0, None), (float("nan"), None), (0.1, 0.0), (0.1, float("inf"))):
        with pytest.raises(ValueError):
            updates_from(res, lr, threshold)
    with pytest.raises(ValueError):
        updates_from(bptt_gradient_norms(RNNConfig(cell="gru", steps=5, hidden=4)), 0.1)
