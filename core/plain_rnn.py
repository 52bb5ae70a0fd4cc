"""Backpropagation through time for the plain RNN, with numpy, explicit and fast.

Going back one step multiplies the gradient by the transposed Jacobian W_recᵀ·diag(f′(z(t))); T of those
factors in a row is why it vanishes or explodes. The backward pass keeps the gradient as a unit direction
and a base-10 logarithm of its size, so the size is known even when it is 10⁻⁴⁰⁰ or 10⁴⁰⁰.

The skip path (`RNNConfig.skip = k`): c(t) = f(W_rec·c(t−1) + W_in·x(t) + b) + c(t−k) for t ≥ k, the
recurrent form of a residual connection (He et al. 2016, as on /deep; the step-skipping RNNs of Lin et al.
1996 and Zhang et al. 2016 also let the state reach k steps back). Its backward pass:
dE/dc(t−1) = W_recᵀ·(f′(z(t)) ⊙ dE/dc(t)) + dE/dc(t−1+k): the second term comes back k steps at once and
unchanged, through no weight and no slope, so a gradient needs only T/k such jumps to cross T steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from core.activations import get_activation
from core.numerics import geo_mean, log10_safe, norm, pow10, quiet, row_norms
from core.rnn_model import BPTTResult, RNNConfig, RNNNet, Summary, make_rnn


@dataclass(frozen=True)
class _Pass:
    states: np.ndarray  # (T+1, H) c(0..T)
    slopes: np.ndarray  # (T, H) f′(z(t)), t = 1..T
    units: np.ndarray  # (T+1, H) unit direction of dE/dc(t) (zeros once the gradient is exactly 0)
    log10_norms: np.ndarray  # (T+1,)
    factors: np.ndarray  # (T,)
    through: np.ndarray  # (T,) ||f′(z(t)) ⊙ unit(t)||: the slope part of each factor
    forward_overflowed: bool


def scaled(w: np.ndarray) -> tuple[np.ndarray, int]:
    """w as (m, e) with w = m·2^e and max |m| in [0.5, 1): multiplying by a power of two is exact, so products
    and the spectral norm of m keep all their digits even when w's entries are subnormal (weight scale 5 × 10⁻³²⁴,
    where w·v would round every entry to a multiple of 5 × 10⁻³²⁴) or near the top of the float range."""
    top = float(np.max(np.abs(w))) if w.size else 0.0
    if not (top > 0 and math.isfinite(top)):
        return w, 0
    e = math.frexp(top)[1]
    return np.ldexp(w, -e), e


def _slopes(name: str, act, zs: np.ndarray, outs: np.ndarray) -> np.ndarray:
    """f′(z(t)) as backprop computes it, from the outputs f(z(t)) where it can: 1 − f² for tanh, f(1 − f) for sigmoid.

    This is what torch autograd does too, so the two agree to rounding even deep in saturation (where
    1 − c² keeps fewer digits than the exact sech², but both are tiny there).
    """
    if name == "tanh":
        return 1.0 - outs * outs
    if name == "sigmoid":
        return outs * (1.0 - outs)
    return act.df(zs)


def _forward_backward(cfg: RNNConfig, net: RNNNet) -> _Pass:
    act = get_activation(cfg.activation)
    steps, h, k = int(cfg.steps), net.W_rec.shape[0], int(cfg.skip)
    states = np.empty((steps + 1, h))
    zs = np.empty((steps, h))
    outs = np.empty((steps, h))  # f(z(t)): the state without the skip path's c(t−k)
    states[0] = net.c0
    with np.errstate(all="ignore"):
        drive = net.xs @ net.W_in.T + net.b  # (T, H): W_in·x(t) + b for all t at once
        c = net.c0
        for t in range(steps):
            zs[t] = net.W_rec @ c + drive[t]
            outs[t] = act.f(zs[t])
            c = outs[t] + states[t + 1 - k] if k and t + 1 >= k else outs[t]
            states[t + 1] = c
        slopes = _slopes(cfg.activation, act, zs, outs)
    units = np.zeros((steps + 1, h))
    log10_norms = np.full(steps + 1, -np.inf)
    factors = np.zeros(steps)
    through = np.zeros(steps)
    forward_overflowed = not bool(np.all(np.isfinite(states)))
    if forward_overflowed:
        return _Pass(states, slopes, units, np.full(steps + 1, np.inf), np.full(steps, np.inf), through, True)
    # dE/dc(T) = Rᵀ(R·c(T) − y), computed on c(T)/m so that a huge but finite state cannot overflow.
    m = max(1.0, float(np.max(np.abs(states[-1]))))
    g = net.R.T @ (net.R @ (states[-1] / m) - net.y / m)
    n = norm(g)
    if n == 0.0:
        return _Pass(states, slopes, units, log10_norms, factors, through, False)
    units[steps] = g / n
    log10_norms[steps] = math.log10(n) + math.log10(m)
    with np.errstate(under="ignore"):  # a unit vector's tiny entries may underflow: harmless, no warning
        w_t, e = scaled(net.W_rec.T)
        _backward(units, log10_norms, factors, through, slopes, w_t, e * math.log10(2.0), steps, k)
    return _Pass(states, slopes, units, log10_norms, factors, through, False)


def _backward(units, log10_norms, factors, through, slopes, w_t, log10_w, steps, skip=0) -> None:
    """Fill in the backward pass in place: one Jacobian-transpose product per step (plus the skip path's row).

    W_recᵀ comes as w_t × 10^log10_w (see `scaled`), so products with subnormal or huge weights stay exact.

    The gradient at step t is kept as a row g[t] times 10^shift[t]; a row is rescaled only when its size
    leaves about 10^±90, so a step costs one product and one dot product, and sizes stay exact far beyond
    the float range. Norms, directions and factors are then taken for all rows at once.
    """
    rows = np.zeros_like(units)
    shift = np.full(steps + 1, -np.inf)  # −inf marks a row that is exactly 0
    rows[steps], shift[steps] = units[steps], log10_norms[steps]
    cur, s = units[steps], float(log10_norms[steps])
    for t in range(steps, 0, -1):
        g = w_t @ (slopes[t - 1] * cur)  # W_recᵀ · diag(f′(z(t))) · dE/dc(t), its scale 10^log10_w kept in s
        s += log10_w
        if skip and t - 1 + skip <= steps and shift[t - 1 + skip] > -np.inf:
            far = float(shift[t - 1 + skip])  # + dE/dc(t−1+k): the skip path, unchanged
            top = max(s, far) if s > -np.inf else far
            g = (g * float(pow10(s - top)) if s > -np.inf else 0.0) + rows[t - 1 + skip] * float(pow10(far - top))
            s = top
        q = float(g @ g) if s > -np.inf else 0.0
        if not 1e-180 < q < 1e180:
            m = float(np.max(np.abs(g))) if s > -np.inf else 0.0
            if m == 0.0:
                if not skip:
                    break  # exactly zero from here back (a dead ReLU layer, a zero weight): the rest stays 0 / −inf
                cur, s = np.zeros_like(cur), -np.inf  # the skip path may still bring a gradient further back
                continue
            g = g / m
            s += math.log10(m)
        rows[t - 1], shift[t - 1], cur = g, s, g
    n = row_norms(rows)
    live = (n > 0) & (shift > -np.inf)
    units[:] = rows / np.where(live, n, 1.0)[:, None] * live[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        log10_norms[:] = np.where(live, np.log10(np.where(live, n, 1.0)) + np.where(live, shift, 0.0), -np.inf)
    prev, nxt = np.where(live, n, 0.0)[:-1], np.where(live, n, 0.0)[1:]
    with np.errstate(invalid="ignore"):
        jump = np.where(live[:-1] & live[1:], shift[:-1] - shift[1:], 0.0)  # 0 except where a row was rescaled
        ratio = prev / np.where(nxt > 0, nxt, 1.0) * np.where(jump == 0, 1.0, pow10(jump))
    factors[:] = np.where((nxt > 0) & (prev > 0), ratio, 0.0)
    through[:] = row_norms(slopes * units[1:])


@quiet
def plain_gradient_norms(cfg: RNNConfig, net: RNNNet | None = None) -> BPTTResult:
    """‖dE/dc(t)‖ for t = 0..T of the plain RNN (with its skip path when cfg.skip > 0), by the numpy pass above."""
    if cfg.cell != "rnn":
        raise ValueError("plain_gradient_norms is for cell='rnn'")
    net = make_rnn(cfg) if net is None else net
    p = _forward_backward(cfg, net)
    steps = int(cfg.steps)
    act = get_activation(cfg.activation)
    gamma = float(act.max_derivative)
    w_scaled, e = scaled(net.W_rec)
    norm_m = float(np.linalg.norm(w_scaled, 2)) if net.W_rec.size else 0.0
    w_norm = math.ldexp(norm_m, e)  # subnormal (few digits) for subnormal weights: the bound uses its exact log
    log_gw = math.log10(gamma) + math.log10(norm_m) + e * math.log10(2.0) if gamma > 0 and norm_m > 0 else -math.inf
    logs = p.log10_norms
    norms = pow10(logs)
    # Bound, in logs: (T − t)·log10(γ‖W‖) + log10 norms[T], widened by the rounding of the sums of logs
    # (a few ulps per step) so a product that meets it exactly (identity f, orthogonal W) is never 'above' it.
    # The slack is added to the log too, so it still counts where the bound is a subnormal number.
    k = np.arange(steps, -1, -1, dtype=float)  # T − t
    with np.errstate(divide="ignore", invalid="ignore"):
        log_bound = np.where(k == 0, 0.0, k * log_gw) + logs[-1]
    slack = 16 * np.finfo(float).eps * (k + 1) * (1 + np.abs(np.where(np.isfinite(log_bound), log_bound, 0)))
    bound = pow10(log_bound + np.log1p(slack) / math.log(10.0))
    has_bound = not cfg.skip  # the skip path is not a product of one-step Jacobians: no bound of this form
    if p.forward_overflowed or not has_bound:
        bound = np.full(steps + 1, np.inf)
    with np.errstate(invalid="ignore"):
        log10_abs = logs[:, None] + log10_safe(p.units)
    log10_abs = np.where(np.isnan(log10_abs), -np.inf, log10_abs)
    zero_at = logs == -np.inf
    log_ratio = float(logs[0] - logs[-1]) if np.isfinite(logs[-1]) else (math.inf if p.forward_overflowed else 0.0)
    if p.forward_overflowed:
        mean_factor, weight_part, slope_part = math.inf, None, None
    elif np.isfinite(logs[-1]):
        mean_factor = geo_mean(p.factors)
        slope_part = geo_mean(p.through)
        weight_part = mean_factor / slope_part if slope_part > 0 and has_bound else None
    else:  # no gradient at the output at all
        mean_factor, weight_part, slope_part = 1.0, None, None
    base = Summary(norms, logs, mean_factor, p.forward_overflowed)
    shares, share_total = _shares(cfg, net, p)
    return BPTTResult(
        cfg=cfg,
        norms=norms,
        step_factors=p.factors,
        bound=bound,
        regime=base.regime,
        overflowed=base.overflowed,
        log10_norms=logs,
        log10_abs_grads=log10_abs,
        mean_factor=mean_factor,
        log10_ratio=log_ratio,
        floor=base.floor,
        underflowed=bool(np.any((norms == 0) & ~zero_at)),
        forward_overflowed=p.forward_overflowed,
        has_bound=has_bound,
        gamma=gamma,
        w_rec_norm=w_norm,
        weight_part=weight_part,
        slope_part=slope_part,
        log10_shares=shares,
        log10_share_total=share_total,
        log10_bound=log_bound if has_bound and not p.forward_overflowed else None,
    )


# ---------------------------------------------------------------- updates and clipping


@dataclass(frozen=True)
class UpdateSizes:
    """new = old − lr × gradient, split by time step: how far each step's share moves the weights W = [W_rec, W_in]."""

    learning_rate: float
    sizes: np.ndarray  # (T,) entry t-1: lr × ‖δ(t) [c(t−1); x(t)]ᵀ‖ for step t (inf above the float range)
    log10_sizes: np.ndarray  # (T,) the same in log10, exact beyond the float range
    log10_total: float  # log10 of lr × ‖whole gradient‖ (the sum of every step's share)
    threshold: float | None = None
    clipped: np.ndarray | None = None  # (T,) the shares after clipping the whole gradient to `threshold`
    clip_scale: float = 1.0  # the one number every share was multiplied by (1 when no clipping happened)
    log10_clip_scale: float = 0.0  # its log10, exact even when the scale is below the float range


def _shares(cfg: RNNConfig, net: RNNNet, p: _Pass) -> tuple[np.ndarray, float]:
    """log10 of each step's share ‖δ(t)·[c(t−1); x(t)]ᵀ‖ of dE/dW, and of the whole sum, without under/overflow.

    δ(t) = f′(z(t)) ⊙ dE/dc(t) with the whole dE/dc(t): the skip path carries no weight, so it adds no term.
    """
    steps = int(cfg.steps)
    if p.forward_overflowed:
        return np.full(steps, np.inf), math.inf
    inputs = np.concatenate([p.states[:-1], net.xs], axis=1)  # [c(t−1); x(t)] for t = 1..T
    in_norms = row_norms(inputs)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = p.log10_norms[1:] + np.log10(p.through) + np.log10(in_norms)
    logs = np.where(np.isnan(logs), -np.inf, logs)
    finite = np.isfinite(logs)
    if not finite.any():
        return logs, -math.inf
    top = float(logs[finite].max())
    weights = np.where(finite, pow10(logs - top), 0.0)
    with np.errstate(under="ignore"):  # shares below 10⁻³⁰⁸ of the largest are 0 in the sum, as in floats
        deltas = (p.slopes * p.units[1:]) / np.where(p.through > 0, p.through, 1.0)[:, None]
        g = (weights[:, None] * deltas).T @ (inputs / np.where(in_norms > 0, in_norms, 1.0)[:, None])
    gn = norm(g.ravel())
    return logs, (top + math.log10(gn) if gn > 0 else -math.inf)


@quiet
def updates_from(res: BPTTResult, learning_rate: float = 0.01, threshold: float | None = None) -> UpdateSizes:
    """The update each time step contributes to W = [W_rec, W_in] (article 001's rule in numbers), plain RNN only.

    dE/dW = Σ_t δ(t)·[c(t−1); x(t)]ᵀ with δ(t) = f′(z(t)) ⊙ dE/dc(t); step t moves the weights by lr × that term.
    With `threshold`, the whole gradient is clipped to that norm first: every share shrinks by the same factor,
    so clipping cannot lift the early steps relative to the late ones. Changing lr or the threshold costs nothing.
    """
    if res.log10_shares is None:
        raise ValueError("update sizes per step are computed for the plain RNN (cell='rnn')")
    if not (learning_rate > 0 and math.isfinite(learning_rate)):
        raise ValueError("the learning rate must be a positive number")
    lr = float(learning_rate)
    logs = res.log10_shares + math.log10(lr)
    total = res.log10_share_total + math.log10(lr)
    out = UpdateSizes(lr, pow10(logs), logs, total)
    if threshold is None:
        return out
    if not (threshold > 0 and math.isfinite(threshold)):
        raise ValueError("the clipping threshold must be a positive number")
    if total == math.inf:  # the forward pass overflowed: no direction left to keep, nothing to clip to
        return replace(out, threshold=float(threshold))
    log_scale = 0.0 if total == -math.inf else min(0.0, math.log10(threshold * lr) - total)
    clipped = pow10(logs + log_scale)
    return replace(out, threshold=float(threshold), clipped=clipped, clip_scale=float(pow10(np.float64(log_scale))),
                   log10_clip_scale=float(log_scale))
