"""Ground truth: the numpy passes written once more as plain torch autograd, for the tests and the benchmarks.

Nothing the pages run imports this module. It is slow on purpose (a Python loop of tensor operations,
float64), and each function builds exactly the network its numpy twin builds from the same config.
"""

from __future__ import annotations

import numpy as np
import torch
from torch.nn import functional

from core import deepnet
from core.activations import get_activation
from core.gated import as_tensor
from core.numerics import row_norms
from core.rnn_model import RNNConfig, RNNNet, make_rnn


def rnn_autograd_grads(cfg: RNNConfig, net: RNNNet) -> np.ndarray:
    """dE/dc(t) for t = 0..T of the plain RNN (with its skip path) by torch autograd, shape (T+1, H)."""
    f = get_activation(cfg.activation).torch_f
    w_rec, w_in, b, xs = as_tensor(net.W_rec), as_tensor(net.W_in), as_tensor(net.b), as_tensor(net.xs)
    k = int(cfg.skip)
    c = as_tensor(net.c0).clone().requires_grad_(True)
    states = [c]
    for t in range(1, int(cfg.steps) + 1):
        c = f(w_rec @ c + w_in @ xs[t - 1] + b)
        if k and t >= k:
            c = c + states[t - k]
        states.append(c)
    e = 0.5 * torch.sum((as_tensor(net.R) @ c - as_tensor(net.y)) ** 2)
    grads = torch.autograd.grad(e, states)
    return torch.stack(grads).numpy()


def rnn_autograd_norms(cfg: RNNConfig, net: RNNNet | None = None) -> np.ndarray:
    """‖dE/dc(t)‖, t = 0..T, by torch autograd (plain products: 0 below the float range, inf above it)."""
    net = make_rnn(cfg) if net is None else net
    with np.errstate(over="ignore", invalid="ignore"):
        return row_norms(rnn_autograd_grads(cfg, net))


def deepnet_autograd(cfg: deepnet.DeepNetConfig, base: np.ndarray | None = None) -> dict[str, np.ndarray | float]:
    """The deep network and loss of core.deepnet under torch autograd in float64."""
    f = get_activation(cfg.activation).torch_f
    base = deepnet.base_weights(cfg.depth, cfg.width, cfg.init, cfg.seed) if base is None else base
    x, r, t = (torch.from_numpy(a) for a in deepnet.inputs(cfg))
    ws = [torch.tensor(w, dtype=torch.float64, requires_grad=True) for w in deepnet.weights(cfg, base)]
    hs = []
    h = x
    for w in ws:
        z = h @ w
        if cfg.batch_norm:
            z = functional.batch_norm(z, None, None, training=True, eps=deepnet.BN_EPS)
        a = f(z)
        h = h + a if cfg.residual else a
        h.retain_grad()
        hs.append(h)
    loss = torch.mean((h @ r - t) ** 2)
    loss.backward()
    return {
        "loss": float(loss.detach()),
        "grad_norm": np.array([float(w.grad.norm()) for w in ws]),
        "grad_std": np.array([float(hh.grad.std(unbiased=False)) for hh in hs]),
        "activation_std": np.array([float(hh.detach().std(unbiased=False)) for hh in hs]),
    }
