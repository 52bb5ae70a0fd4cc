"""core.gated: the LSTM and GRU cells in torch autograd, their gradients and what their gates keep."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.gated import make_cell, run_cell
from core.rnn import RNNConfig, bptt_gradient_norms, make_rnn


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_written_out_cells_equal_torch_cells(kind):
    cfg = RNNConfig(cell=kind, steps=12, hidden=6, forget_bias=1.5, weight_scale=1.3)
    cell, net = make_cell(cfg), make_rnn(cfg)
    with torch.no_grad():
        cell.bias_hh.normal_()  # a nonzero recurrent bias, to check it sits in the right place
    xs = torch.from_numpy(net.xs)
    h = torch.zeros(6, dtype=torch.float64)
    c = torch.zeros(6, dtype=torch.float64)
    hs, cs = run_cell(cfg, cell, xs, h, c if kind == "lstm" else None)
    with torch.no_grad():
        for t in range(12):
            if kind == "lstm":
                h, c = cell(xs[t], (h, c))
            else:
                h = cell(xs[t], h)
    torch.testing.assert_close(hs[-1], h, rtol=1e-12, atol=1e-14)
    if kind == "lstm":
        torch.testing.assert_close(cs[-1], c, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("steps,hidden", [(1, 2), (30, 8), (60, 17)])
def test_gated_result_contract(kind, steps, hidden):
    cfg = RNNConfig(cell=kind, steps=steps, hidden=hidden)
    res = bptt_gradient_norms(cfg)
    assert res.norms.shape == (steps + 1,) and res.step_factors.shape == (steps,) and res.bound.shape == (steps + 1,)
    assert res.log10_abs_grads.shape == (steps + 1, hidden)
    assert (res.cell_norms is not None) == (kind == "lstm")
    assert not res.has_bound and np.all(np.isinf(res.bound)) and res.log10_shares is None
    for arr in (res.norms, res.step_factors, res.log10_norms, res.log10_abs_grads):
        assert not np.any(np.isnan(arr))
    assert res.regime in ("vanishing", "exploding", "stable") and 0 < res.mean_gate < 1
    ok = res.norms[1:] > 0
    np.testing.assert_allclose(res.step_factors[ok], (res.norms[:-1] / np.where(ok, res.norms[1:], 1))[ok])


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_last_step_gradient_is_the_readout_error_sent_back(kind):
    """An independent check: step torch's own nn.LSTMCell / nn.GRUCell, then dE/dh(T) = Rᵀ(R·h(T) − y) by hand."""
    cfg = RNNConfig(cell=kind, steps=20, hidden=10, seed=4, forget_bias=2.0)
    cell, net = make_cell(cfg), make_rnn(cfg)
    h = c = torch.zeros(10, dtype=torch.float64)
    with torch.no_grad():
        for x in torch.from_numpy(net.xs):
            if kind == "lstm":
                h, c = cell(x, (h, c))
            else:
                h = cell(x, h)
    expected = np.linalg.norm(net.R.T @ (net.R @ h.numpy() - net.y))
    res = bptt_gradient_norms(cfg, net)
    assert res.norms[-1] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lstm_retains_more_with_the_forget_gate_open(seed):
    """Forget-gate bias 0 keeps about half the cell state per step; bias 3 keeps most: the retention orders so."""
    runs = {fb: bptt_gradient_norms(RNNConfig(cell="lstm", steps=100, forget_bias=fb, seed=seed))
            for fb in (0.0, 1.0, 3.0)}
    ratios = [runs[fb].log10_ratio for fb in (0.0, 1.0, 3.0)]
    gates = [runs[fb].mean_gate for fb in (0.0, 1.0, 3.0)]
    assert ratios == sorted(ratios) and gates == sorted(gates)
    assert runs[0.0].regime == "vanishing" and runs[0.0].log10_ratio < -10
    assert runs[0.0].mean_gate < 0.6 and runs[3.0].mean_gate > 0.9
    assert runs[3.0].log10_ratio > -2  # keeps more than 1 % over 100 steps
    assert runs[0.0].log10_cell_norms[0] < runs[3.0].log10_cell_norms[0]


def test_lstm_with_open_gate_beats_plain_tanh_rnn():
    rnn = bptt_gradient_norms(RNNConfig(steps=100))
    lstm = bptt_gradient_norms(RNNConfig(steps=100, cell="lstm", forget_bias=2.0))
    assert lstm.log10_ratio > rnn.log10_ratio + 5


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_untrained_gru_vanishes_like_the_plain_rnn(seed):
    """Its update gate starts near 0.5: over 100 steps it keeps about as little as the plain tanh RNN (~10⁻¹⁷)."""
    gru = bptt_gradient_norms(RNNConfig(cell="gru", steps=100, seed=seed))
    rnn = bptt_gradient_norms(RNNConfig(steps=100, seed=seed))
    assert gru.regime == "vanishing" and 0.4 < gru.mean_gate < 0.6
    assert -22 < gru.log10_ratio < -12
    assert abs(gru.log10_ratio - rnn.log10_ratio) < 6


def test_flushing_subnormals_is_scoped_to_the_call_and_changes_no_norm():
    cfg = RNNConfig(steps=300, hidden=16, cell="lstm", forget_bias=0.0)
    ours = bptt_gradient_norms(cfg)
    assert (torch.tensor([1e-300], dtype=torch.float64) * 1e-10).item() > 0  # flushing is off again after the call
    net, cell = make_rnn(cfg), make_cell(cfg)  # the same graph, stepped here with subnormals kept
    h0 = torch.from_numpy(net.c0.copy()).requires_grad_(True)
    c0 = torch.zeros_like(h0).requires_grad_(True)
    hs, _ = run_cell(cfg, cell, torch.from_numpy(net.xs), h0, c0)
    e = 0.5 * torch.sum((torch.from_numpy(net.R) @ hs[-1] - torch.from_numpy(net.y)) ** 2)
    ref = torch.stack(torch.autograd.grad(e, hs)).norm(dim=1).numpy()
    assert ref.min() < 1e-20  # the gradient does vanish here, so tiny numbers are in play
    live = ref > 1e-300
    np.testing.assert_allclose(ours.norms[live], ref[live], rtol=1e-9)
