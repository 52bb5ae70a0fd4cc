"""The gated cells: real LSTM and GRU cells in torch autograd.

Nothing on the numpy path imports this module (core.rnn imports it only when a gated cell is asked for),
so a page that only needs numpy never pays for torch.
Everything runs in float64. Weights follow the same recipes as the plain RNN (core.rnn_model.recurrent_matrix):
every gate's recurrent block is drawn with the chosen init and weight scale; the LSTM's forget gate gets
`forget_bias`, the other biases are 0. An untrained LSTM with forget bias 0 keeps only about half of its
cell state per step, so its gradient vanishes too; a bias of 1–3 opens the gate (Gers et al. 2000;
Jozefowicz et al. 2015).
"""

from __future__ import annotations

import numpy as np
import torch

from core.numerics import geo_mean, log10_safe, quiet, row_norms
from core.rnn_model import BPTTResult, RNNConfig, RNNNet, Summary, gated_rngs, make_rnn, recurrent_matrix

DTYPE = torch.float64


def as_tensor(a: np.ndarray) -> torch.Tensor:
    """A float64 torch tensor sharing a numpy array's numbers."""
    return torch.from_numpy(np.ascontiguousarray(a, dtype=np.float64))


def _blocks(cfg: RNNConfig, gates: int, rng: np.random.Generator) -> np.ndarray:
    h = int(cfg.hidden)
    return np.concatenate([recurrent_matrix(cfg.init, cfg.weight_scale, h, rng) for _ in range(gates)], axis=0)


def make_cell(cfg: RNNConfig):
    """An nn.LSTMCell or nn.GRUCell (float64) with the config's weights; gate order LSTM i,f,g,o; GRU r,z,n."""
    h, d = int(cfg.hidden), int(cfg.inputs)
    r_rec, r_in = gated_rngs(cfg)
    gates = 4 if cfg.cell == "lstm" else 3
    cls = torch.nn.LSTMCell if cfg.cell == "lstm" else torch.nn.GRUCell
    cell = cls(d, h, dtype=DTYPE)
    bias = np.zeros(gates * h)
    if cfg.cell == "lstm":
        bias[h: 2 * h] = float(cfg.forget_bias)
    with torch.no_grad():
        cell.weight_hh.copy_(as_tensor(_blocks(cfg, gates, r_rec)))
        cell.weight_ih.copy_(as_tensor(r_in.normal(0.0, 1.0 / np.sqrt(d), size=(gates * h, d))))
        cell.bias_ih.copy_(as_tensor(bias))
        cell.bias_hh.zero_()
    return cell


def _mean_gate(cfg: RNNConfig, cell, xs: torch.Tensor, hs: list[torch.Tensor]) -> float:
    """Average forget gate (LSTM) or update gate z (GRU): the share of the old memory each step keeps."""
    h = int(cfg.hidden)
    k = 1  # LSTM f is block 1 of (i, f, g, o); GRU z is block 1 of (r, z, n)
    with torch.no_grad():
        w_i, w_h = cell.weight_ih[k * h: (k + 1) * h], cell.weight_hh[k * h: (k + 1) * h]
        b = cell.bias_ih[k * h: (k + 1) * h] + cell.bias_hh[k * h: (k + 1) * h]
        prev = torch.stack(hs[:-1])
        gate = torch.sigmoid(xs @ w_i.T + prev @ w_h.T + b)
    return float(gate.mean())


def run_cell(cfg: RNNConfig, cell, xs: torch.Tensor, h0: torch.Tensor, c0: torch.Tensor | None = None):
    """Step the cell's own equations with its weights, h(t) (and c(t)) kept for autograd.

    Written out rather than calling the fused cell, so that h(t) = o ⊙ tanh(c(t)) is an edge of the graph
    and autograd's dE/dc(t) is the whole derivative (tests check these steps equal nn.LSTMCell / nn.GRUCell).
    """
    n = int(cfg.hidden)
    # The input part of every gate for all steps at once, biases folded in; weights detached: we want
    # gradients for the states only.
    drive = xs @ cell.weight_ih.detach().T + cell.bias_ih.detach()
    w_hh, b_hh = cell.weight_hh.detach().T, cell.bias_hh.detach()
    if cfg.cell == "lstm":
        drive = drive + b_hh
    else:  # GRU: the candidate's b_hn sits inside r ⊙ (W_hn h + b_hn), so it stays on the recurrent side
        drive = torch.cat([drive[:, : 2 * n] + b_hh[: 2 * n], drive[:, 2 * n:]], dim=1)
        drive_n = drive[:, 2 * n:]
        b_hn3 = torch.cat([torch.zeros(2 * n, dtype=DTYPE), b_hh[2 * n:]]).unsqueeze(0)
    h, c = h0, c0
    hs, cs = [h], [c]
    for t in range(int(cfg.steps)):
        if cfg.cell == "lstm":
            a = torch.addmm(drive[t: t + 1], h.unsqueeze(0), w_hh)[0]
            s = torch.sigmoid(a)  # i, f, o are sigmoids (the g part of `s` is not used)
            c = s[n: 2 * n] * c + s[:n] * torch.tanh(a[2 * n: 3 * n])
            h = s[3 * n:] * torch.tanh(c)
            cs.append(c)
        else:
            rec = torch.addmm(b_hn3, h.unsqueeze(0), w_hh)[0]
            rz = torch.sigmoid(drive[t, : 2 * n] + rec[: 2 * n])
            cand = torch.tanh(drive_n[t] + rz[:n] * rec[2 * n:])
            z = rz[n:]
            h = cand + z * (h - cand)  # (1 − z) ⊙ cand + z ⊙ h
        hs.append(h)
    return hs, (cs if cfg.cell == "lstm" else [])


@quiet
def gated_gradient_norms(cfg: RNNConfig, net: RNNNet | None = None) -> BPTTResult:
    """‖dE/dh(t)‖ through a real LSTM or GRU cell by torch autograd; for the LSTM also ‖dE/dc(t)‖ (the cell path).

    Numbers below float64's normal range (about 2 × 10⁻³⁰⁸) count as 0 while it runs: the CPU is tens of times
    slower on such subnormal numbers, and a vanished LSTM makes many (500 steps × 128 units took 1.6 s, 0.25 s
    flushed). At the default settings the norms stop near 10⁻⁴⁰, far above it; where a norm does fall that low,
    it is reported as underflowed (0) a little sooner than float64's last subnormal would allow.
    """
    if cfg.cell not in ("lstm", "gru"):
        raise ValueError("gated_gradient_norms is for cell='lstm' or 'gru'")
    flushing = torch.set_flush_denormal(True)  # this thread's FPU flag: undone below, whatever happens
    try:
        return _gated(cfg, net)
    finally:
        if flushing:
            torch.set_flush_denormal(False)


def _gated(cfg: RNNConfig, net: RNNNet | None) -> BPTTResult:
    net = make_rnn(cfg) if net is None else net
    cell = make_cell(cfg)
    xs = as_tensor(net.xs)
    h0 = as_tensor(net.c0).clone().requires_grad_(True)
    c0 = torch.zeros_like(h0).requires_grad_(True) if cfg.cell == "lstm" else None
    hs, cs = run_cell(cfg, cell, xs, h0, c0)
    e = 0.5 * torch.sum((as_tensor(net.R) @ hs[-1] - as_tensor(net.y)) ** 2)
    grads = torch.autograd.grad(e, hs + cs)
    gh = torch.stack(grads[: len(hs)]).numpy()
    with np.errstate(over="ignore", under="ignore", invalid="ignore", divide="ignore"):
        norms = row_norms(gh)
        factors = np.where(norms[1:] > 0, norms[:-1] / np.where(norms[1:] > 0, norms[1:], 1.0), 0.0)
    cell_norms = row_norms(torch.stack(grads[len(hs):]).numpy()) if cs else None
    mean_gate = _mean_gate(cfg, cell, xs, [x.detach() for x in hs])
    logs = log10_safe(norms)
    live = bool(np.isfinite(logs[-1]))  # False: the output is exactly on target, no gradient to send back
    summary = Summary(norms, logs, geo_mean(factors) if live else 1.0)
    return BPTTResult(
        cfg=cfg,
        norms=norms,
        step_factors=factors,
        bound=np.full(norms.size, np.inf),
        regime=summary.regime,
        overflowed=summary.overflowed,
        log10_norms=logs,
        log10_abs_grads=log10_safe(gh),
        mean_factor=geo_mean(factors),
        log10_ratio=float(logs[0] - logs[-1]) if live else 0.0,
        floor=summary.floor,
        underflowed=bool(np.any(norms == 0)),
        has_bound=False,
        cell_norms=cell_norms,
        log10_cell_norms=None if cell_norms is None else log10_safe(cell_norms),
        mean_gate=mean_gate,
    )
