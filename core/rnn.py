"""Backpropagation through time for the articles' recurrent network, with numpy, explicit and fast.

The model (articles 001 and 002): c(t) = f(W_rec·c(t−1) + W_in·x(t) + b), t = 1..T, from c(0) = c0,
and one error at the end, E = ½‖R·c(T) − y‖². Going back one step multiplies the gradient by the
transposed Jacobian W_recᵀ·diag(f′(z(t))); T of those factors in a row is why it vanishes or explodes.

The backward pass keeps the gradient as a unit direction and a base-10 logarithm of its size, so the
size is known even when it is 10⁻⁴⁰⁰ or 10⁴⁰⁰: a float64 would print 0 or inf there (and inf·0 = NaN).
The LSTM and GRU cells run in torch autograd (core.gated); torch is imported only when they are asked for.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, replace

import numpy as np

from core.activations import NAMES, get_activation
from core.fmt import sci, sci_log10

INITS: tuple[str, ...] = ("orthogonal", "gaussian", "identity")
CELLS: tuple[str, ...] = ("rnn", "lstm", "gru")
FLOAT32_ROUNDOFF = 2.0**-24
"""A float32 sum a + b equals b when |a| is below about this fraction of |b|: the 'floor' of a gradient."""
LOG10_MAX = math.log10(np.finfo(np.float64).max)  # 308.25: beyond it a float64 is inf
STABLE_TOLERANCE = 1e-9
"""The average step factor counts as exactly 1 ('stable') only within rounding; any real drift is named."""
MAX_STEPS = 5000
MAX_HIDDEN = 1024


@dataclass(frozen=True)
class RNNConfig:
    """Everything that decides the network and its gradient; the same config always gives the same numbers."""

    steps: int = 50
    hidden: int = 32
    activation: str = "tanh"
    weight_scale: float = 1.0
    init: str = "orthogonal"
    input_scale: float = 1.0
    seed: int = 0
    cell: str = "rnn"
    forget_bias: float = 1.0
    inputs: int = 4  # D, the size of each x(t)
    outputs: int = 4  # O, the size of the readout R·c(T)

    def __post_init__(self) -> None:
        if not 1 <= int(self.steps) <= MAX_STEPS:
            raise ValueError(f"steps must be between 1 and {MAX_STEPS}")
        if not 1 <= int(self.hidden) <= MAX_HIDDEN:
            raise ValueError(f"hidden must be between 1 and {MAX_HIDDEN}")
        if self.activation not in NAMES:
            raise ValueError(f"unknown activation {self.activation!r}; choose one of {', '.join(NAMES)}")
        if self.init not in INITS:
            raise ValueError(f"unknown init {self.init!r}; choose one of {', '.join(INITS)}")
        if self.cell not in CELLS:
            raise ValueError(f"unknown cell {self.cell!r}; choose one of {', '.join(CELLS)}")
        for name in ("weight_scale", "input_scale", "forget_bias"):
            if not math.isfinite(float(getattr(self, name))):
                raise ValueError(f"{name} must be a finite number")
        if self.weight_scale < 0 or self.input_scale < 0:
            raise ValueError("weight_scale and input_scale must be ≥ 0")
        if self.inputs < 1 or self.outputs < 1:
            raise ValueError("inputs and outputs must be ≥ 1")


@dataclass(frozen=True)
class RNNNet:
    """The weights, inputs and target of one network (numpy float64)."""

    W_rec: np.ndarray  # (H, H)
    W_in: np.ndarray  # (H, D)
    b: np.ndarray  # (H,)
    c0: np.ndarray  # (H,)
    xs: np.ndarray  # (steps, D)
    R: np.ndarray  # (O, H)
    y: np.ndarray  # (O,)


@dataclass(frozen=True)
class BPTTResult:
    """How big the error's gradient is at every time step, and what that means."""

    cfg: RNNConfig
    norms: np.ndarray  # (T+1,) ||dE/dc(t)||, t = 0..T (0 below the float range, inf above it)
    step_factors: np.ndarray  # (T,) entry t-1 is ||dE/dc(t-1)|| / ||dE/dc(t)|| (0 once the gradient is exactly 0)
    bound: np.ndarray  # (T+1,) (gamma ||W_rec||_2)^(T-t) norms[T]; inf for gated cells (no bound of this form)
    regime: str  # "vanishing" | "exploding" | "stable"
    reason: str  # the verdict in plain words, with its numbers
    overflowed: bool  # some norm is above the float64 range: reported as inf, never NaN
    log10_norms: np.ndarray  # (T+1,) log10 of norms, exact even where norms print 0 or inf
    log10_abs_grads: np.ndarray  # (T+1, H) log10 |dE/dc_i(t)| per unit (−inf where exactly 0)
    mean_factor: float  # geometric mean of step_factors: the typical factor per step back
    log10_ratio: float  # log10(norms[0] / norms[T])
    floor: float  # FLOAT32_ROUNDOFF × the largest norm: below it a step's part of the update is lost in rounding
    underflowed: bool = False  # some true norm is nonzero but below the float range (printed 0)
    forward_overflowed: bool = False  # the state c(t) itself passed the float range: every gradient is inf
    has_bound: bool = True
    gamma: float | None = None  # max f′ (plain RNN)
    w_rec_norm: float | None = None  # ||W_rec||_2 (plain RNN)
    weight_part: float | None = None  # geometric mean of how much W_recᵀ stretches the gradient per step
    slope_part: float | None = None  # geometric mean of ||f′ ⊙ unit gradient||: what the slopes let through
    cell_norms: np.ndarray | None = None  # LSTM: (T+1,) ||dE/dc(t)|| along the cell state
    log10_cell_norms: np.ndarray | None = None
    mean_gate: float | None = None  # LSTM: average forget gate; GRU: average update gate z (the part kept)
    log10_shares: np.ndarray | None = None  # plain RNN: (T,) log10 of step t's share of dE/dW (see update_sizes)
    log10_share_total: float = -math.inf  # plain RNN: log10 ‖dE/dW‖, the sum of all the shares

    @property
    def steps(self) -> int:
        return int(self.norms.size - 1)


# ---------------------------------------------------------------- network


def _orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random orthogonal matrix (QR of a Gaussian one, signs fixed so it is uniformly distributed)."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.where(np.diag(r) < 0, -1.0, 1.0)


def recurrent_matrix(init: str, scale: float, n: int, rng: np.random.Generator) -> np.ndarray:
    """W_rec by its recipe: scale·Q (every singular value = scale), N(0, scale²/n), or scale·I (IRNN)."""
    if init == "orthogonal":
        return float(scale) * _orthogonal(rng, n)
    if init == "gaussian":
        return rng.normal(0.0, float(scale) / math.sqrt(n), size=(n, n))
    if init == "identity":
        return float(scale) * np.eye(n)
    raise ValueError(f"unknown init {init!r}")


def _rngs(cfg: RNNConfig, n: int) -> list[np.random.Generator]:
    # Separate streams, so changing the init or the step count leaves the other draws alone.
    return [np.random.default_rng(s) for s in np.random.SeedSequence([int(cfg.seed), int(cfg.hidden)]).spawn(n)]


def make_rnn(cfg: RNNConfig) -> RNNNet:
    """The network for `cfg`: c0 = 0, b = 0, W_in ~ N(0, 1/D), xs ~ N(0, input_scale²), R ~ N(0, 1/H), y ~ N(0, 1)."""
    h, d, o = int(cfg.hidden), int(cfg.inputs), int(cfg.outputs)
    r_rec, r_in, r_x, r_out = _rngs(cfg, 4)
    xs = r_x.standard_normal((MAX_STEPS, d))[: int(cfg.steps)] * float(cfg.input_scale)
    return RNNNet(
        W_rec=recurrent_matrix(cfg.init, cfg.weight_scale, h, r_rec),
        W_in=r_in.normal(0.0, 1.0 / math.sqrt(d), size=(h, d)),
        b=np.zeros(h),
        c0=np.zeros(h),
        xs=np.ascontiguousarray(xs),
        R=r_out.normal(0.0, 1.0 / math.sqrt(h), size=(o, h)),
        y=r_out.standard_normal(o),
    )


def gated_rngs(cfg: RNNConfig) -> list[np.random.Generator]:
    """The random streams core.gated draws the LSTM/GRU weights from (independent of the RNN's)."""
    return [np.random.default_rng(s) for s in np.random.SeedSequence([int(cfg.seed), int(cfg.hidden), 7]).spawn(2)]


# ---------------------------------------------------------------- forward and backward (plain RNN)


@dataclass(frozen=True)
class _Pass:
    states: np.ndarray  # (T+1, H) c(0..T)
    slopes: np.ndarray  # (T, H) f′(z(t)), t = 1..T
    units: np.ndarray  # (T+1, H) unit direction of dE/dc(t) (zeros once the gradient is exactly 0)
    log10_norms: np.ndarray  # (T+1,)
    factors: np.ndarray  # (T,)
    through: np.ndarray  # (T,) ||f′(z(t)) ⊙ unit(t)||: the slope part of each factor
    forward_overflowed: bool


def _slopes(name: str, act, zs: np.ndarray, outs: np.ndarray) -> np.ndarray:
    """f′(z(t)) as backprop computes it, from the stored outputs where it can: 1 − c² for tanh, c(1 − c) for sigmoid.

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
    steps, h = int(cfg.steps), net.W_rec.shape[0]
    states = np.empty((steps + 1, h))
    zs = np.empty((steps, h))
    states[0] = net.c0
    with np.errstate(all="ignore"):
        drive = net.xs @ net.W_in.T + net.b  # (T, H): W_in·x(t) + b for all t at once
        c = net.c0
        for t in range(steps):
            zs[t] = net.W_rec @ c + drive[t]
            c = act.f(zs[t])
            states[t + 1] = c
        slopes = _slopes(cfg.activation, act, zs, states[1:])
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
    n = _norm(g)
    if n == 0.0:
        return _Pass(states, slopes, units, log10_norms, factors, through, False)
    units[steps] = g / n
    log10_norms[steps] = math.log10(n) + math.log10(m)
    w_t = net.W_rec.T
    with np.errstate(under="ignore"):  # a unit vector's tiny entries may underflow: harmless, no warning
        _backward(units, log10_norms, factors, through, slopes, w_t, steps)
    return _Pass(states, slopes, units, log10_norms, factors, through, False)


def _backward(units, log10_norms, factors, through, slopes, w_t, steps) -> None:
    """Fill in the backward pass in place: one Jacobian-transpose product per step.

    The gradient at step t is kept as a row g[t] times 10^shift[t]; a row is rescaled only when its size
    leaves about 10^±90, so a step costs one product and one dot product, and sizes stay exact far beyond
    the float range. Norms, directions and factors are then taken for all rows at once.
    """
    rows = np.zeros_like(units)
    shift = np.zeros(steps + 1)
    rows[steps], shift[steps] = units[steps], log10_norms[steps]
    cur, s = units[steps], float(log10_norms[steps])
    for t in range(steps, 0, -1):
        g = w_t @ (slopes[t - 1] * cur)  # W_recᵀ · diag(f′(z(t))) · dE/dc(t)
        q = float(g @ g)
        if not 1e-180 < q < 1e180:
            m = float(np.max(np.abs(g)))
            if m == 0.0:
                break  # exactly zero from here back (a dead ReLU layer, a zero weight): the rest stays 0 / −inf
            g = g / m
            s += math.log10(m)
        rows[t - 1], shift[t - 1], cur = g, s, g
    n = _row_norms(rows)
    live = n > 0
    units[:] = rows / np.where(live, n, 1.0)[:, None]
    with np.errstate(divide="ignore"):
        log10_norms[:] = np.where(live, np.log10(np.where(live, n, 1.0)) + shift, -np.inf)
    prev, nxt = n[:-1], n[1:]
    jump = shift[:-1] - shift[1:]  # 0 except where a row was rescaled
    with np.errstate(invalid="ignore"):
        ratio = prev / np.where(nxt > 0, nxt, 1.0) * np.where(jump == 0, 1.0, _pow10(jump))
    factors[:] = np.where((nxt > 0) & (prev > 0), ratio, 0.0)
    through[:] = _row_norms(slopes * units[1:])


def _norm(v: np.ndarray) -> float:
    """‖v‖ that neither underflows (entries near 10⁻²⁰⁰ squared) nor overflows (near 10²⁰⁰)."""
    m = float(np.max(np.abs(v)))
    if m == 0.0 or not math.isfinite(m):
        return m
    return m * float(np.linalg.norm(v / m))


def _row_norms(a: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row without overflow for entries near 10³⁰⁰ (squares would pass the float range)."""
    m = np.max(np.abs(a), axis=1) if a.size else np.zeros(a.shape[0])
    safe = np.where((m > 0) & np.isfinite(m), m, 1.0)
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        out = m * np.linalg.norm(a / safe[:, None], axis=1)
    return np.where(np.isinf(m), np.inf, out)


def _pow10(x: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore", under="ignore"):
        return np.power(10.0, x)


def _geo_mean(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return 1.0
    if np.any(x <= 0):
        return 0.0
    if not np.all(np.isfinite(x)):
        return math.inf
    return float(10.0 ** np.mean(np.log10(x)))


def regime_of(mean_factor: float) -> str:
    """'vanishing' below 1, 'exploding' above 1, 'stable' only when the typical step factor is 1 within rounding."""
    if not mean_factor > 0:
        return "vanishing"
    if math.isinf(mean_factor):
        return "exploding"
    drift = math.log(mean_factor)
    if abs(drift) <= STABLE_TOLERANCE:
        return "stable"
    return "vanishing" if drift < 0 else "exploding"


def _log10_safe(x) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log10(np.abs(np.asarray(x, dtype=float)))


def _quiet(fn):
    """Under- and overflow are expected here and handled (logs, inf flags): no floating-point warnings."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with np.errstate(over="ignore", under="ignore"):
            return fn(*args, **kwargs)

    return wrapper


@_quiet
def bptt_gradient_norms(cfg: RNNConfig, net: RNNNet | None = None) -> BPTTResult:
    """‖dE/dc(t)‖ for t = 0..T: numpy for the plain RNN, torch autograd for "lstm" and "gru" (see core.gated)."""
    net = make_rnn(cfg) if net is None else net
    if cfg.cell != "rnn":
        from core.gated import gated_gradient_norms

        return gated_gradient_norms(cfg, net)
    p = _forward_backward(cfg, net)
    steps = int(cfg.steps)
    act = get_activation(cfg.activation)
    gamma = float(act.max_derivative)
    w_norm = float(np.linalg.norm(net.W_rec, 2)) if net.W_rec.size else 0.0
    logs = p.log10_norms
    norms = _pow10(logs)
    # Bound, in logs: (T − t)·log10(γ‖W‖) + log10 norms[T], widened by the rounding of the sums of logs
    # (a few ulps per step) so a product that meets it exactly (identity f, orthogonal W) is never 'above' it.
    k = np.arange(steps, -1, -1, dtype=float)  # T − t
    gw = gamma * w_norm
    with np.errstate(divide="ignore", invalid="ignore"):
        log_bound = np.where(k == 0, 0.0, k * (math.log10(gw) if gw > 0 else -np.inf)) + logs[-1]
    with np.errstate(over="ignore", under="ignore"):
        slack = 16 * np.finfo(float).eps * (k + 1) * (1 + np.abs(np.where(np.isfinite(log_bound), log_bound, 0)))
        bound = _pow10(log_bound) * (1.0 + slack)
    if p.forward_overflowed:
        bound = np.full(steps + 1, np.inf)
    with np.errstate(invalid="ignore"):
        log10_abs = logs[:, None] + _log10_safe(p.units)
    log10_abs = np.where(np.isnan(log10_abs), -np.inf, log10_abs)
    zero_at = logs == -np.inf
    log_ratio = float(logs[0] - logs[-1]) if np.isfinite(logs[-1]) else (math.inf if p.forward_overflowed else 0.0)
    if p.forward_overflowed:
        mean_factor, weight_part, slope_part = math.inf, None, None
    elif np.isfinite(logs[-1]):
        mean_factor = _geo_mean(p.factors)
        slope_part = _geo_mean(p.through)
        weight_part = mean_factor / slope_part if slope_part > 0 else None
    else:  # no gradient at the output at all
        mean_factor, weight_part, slope_part = 1.0, None, None
    base = _Summary(cfg, norms, logs, p.factors, mean_factor, log_ratio, p.forward_overflowed)
    shares, share_total = _shares(cfg, net, p)
    return BPTTResult(
        cfg=cfg,
        norms=norms,
        step_factors=p.factors,
        bound=bound,
        regime=base.regime,
        reason=_reason(base, gamma=gamma, w_norm=w_norm, weight_part=weight_part, slope_part=slope_part),
        overflowed=base.overflowed,
        log10_norms=logs,
        log10_abs_grads=log10_abs,
        mean_factor=mean_factor,
        log10_ratio=log_ratio,
        floor=base.floor,
        underflowed=bool(np.any((norms == 0) & ~zero_at)),
        forward_overflowed=p.forward_overflowed,
        has_bound=True,
        gamma=gamma,
        w_rec_norm=w_norm,
        weight_part=weight_part,
        slope_part=slope_part,
        log10_shares=shares,
        log10_share_total=share_total,
    )


# ---------------------------------------------------------------- verdict


@dataclass(frozen=True)
class _Summary:
    cfg: RNNConfig
    norms: np.ndarray
    logs: np.ndarray
    factors: np.ndarray
    mean_factor: float
    log_ratio: float
    forward_overflowed: bool

    @property
    def regime(self) -> str:
        if self.forward_overflowed:
            return "exploding"
        if not np.isfinite(self.logs[-1]):
            return "stable"  # E is at its minimum: there is no gradient to send back at all
        return regime_of(self.mean_factor)

    @property
    def overflowed(self) -> bool:
        return bool(self.forward_overflowed or np.any(self.logs > LOG10_MAX))

    @property
    def floor(self) -> float:
        finite = self.norms[np.isfinite(self.norms)]
        top = float(finite.max()) if finite.size else 0.0
        return FLOAT32_ROUNDOFF * top if top > 0 else 0.0


def _reason(s: _Summary, *, gamma: float | None = None, w_norm: float | None = None,
            weight_part: float | None = None, slope_part: float | None = None, gate: str | None = None) -> str:
    """The verdict a reader sees: what happens, how big, and which numbers make it so."""
    cfg, steps = s.cfg, int(s.cfg.steps)
    name = {"rnn": "plain RNN", "lstm": "LSTM", "gru": "GRU"}[cfg.cell]
    act = get_activation(cfg.activation)
    if s.forward_overflowed:
        return (f"Exploding ({name}): the network's state itself grew past the largest number a float64 can hold "
                f"(about 1.8 × 10³⁰⁸) on the way forward, so the error and every gradient are infinite. "
                f"Weight scale {cfg.weight_scale:g} with {act.label} lets each step multiply the state by more than 1.")
    if not np.isfinite(s.logs[-1]):
        return (f"No gradient ({name}): the output already equals the target exactly, so the error is 0 "
                "and there is nothing to send back.")
    ratio = sci_log10(s.log_ratio)
    g = s.mean_factor
    if cfg.cell == "rnn" and weight_part is not None and slope_part is not None:
        slope = "the identity's slope passes" if cfg.activation == "identity" else f"the slopes {act.label}′ pass"
        why = (f"weights × slopes: the weights stretch it by {weight_part:.2f} on average, with weight scale "
               f"{cfg.weight_scale:g} and ‖W_rec‖₂ = {w_norm:.2f}; {slope} on {slope_part:.2f} of it on average")
    elif gate is not None:
        why = gate
    else:
        why = "a step's slopes are exactly 0"
    per_step = f"Each step back multiplies it by about {_num(g)} ({why})."
    regime = s.regime
    if regime == "vanishing":
        if s.log_ratio < -7:
            verdict = "the network cannot learn from the earliest steps"
        elif s.log_ratio < -2:
            verdict = "the earliest steps barely move the weights"
        else:
            verdict = "it shrinks slowly, so the earliest steps still count, a little less than the last ones"
        zero = "" if np.isfinite(s.logs[0]) else " It is exactly 0 there: no signal at all arrives."
        return (f"Vanishing ({name}): the gradient that reaches the start (step 0) is {ratio} of the one at the "
                f"last step (step {steps}): {verdict}.{zero} {per_step}")
    if regime == "exploding":
        over = ""
        if s.overflowed:
            over = (" That is beyond the largest float64 (about 1.8 × 10³⁰⁸): the computer stores ∞, "
                    "and the true size is only known from its logarithm.")
        effect = ("one update that size throws the weights far off (clipping caps it)" if s.log_ratio > 3 else
                  "it grows steadily, and over a longer sequence it would blow up")
        return (f"Exploding ({name}): the gradient at the start (step 0) is {ratio} times the one at the last step "
                f"(step {steps}): {effect}.{over} {per_step}")
    return (f"Stable ({name}): each step back multiplies the gradient by {_num(g)}, so the one at step 0 is "
            f"{ratio} times the one at step {steps}: the earliest steps count as much as the last. {per_step}")


def _num(x: float) -> str:
    if x == 0:
        return "0"
    if 0.01 <= abs(x) < 100:
        return f"{x:.3g}" if abs(x - 1) > 5e-3 else f"{x:.6g}"
    # sci() divides by 10**exponent, which is 0 for subnormal numbers (below 2.2 × 10⁻³⁰⁸): go through the log
    return sci_log10(math.log10(abs(x))) if not 1e-300 < abs(x) < 1e300 else sci(x)


@_quiet
def gated_summary(cfg: RNNConfig, norms: np.ndarray, factors: np.ndarray, gate_text: str) -> tuple[str, str, bool]:
    """Regime, reason and overflow flag for a gated cell's norms (used by core.gated)."""
    logs = _log10_safe(norms)
    mean_factor = _geo_mean(factors) if np.isfinite(logs[-1]) else 1.0
    log_ratio = float(logs[0] - logs[-1]) if np.isfinite(logs[-1]) else 0.0
    s = _Summary(cfg, norms, logs, factors, mean_factor, log_ratio, False)
    return s.regime, _reason(s, gate=gate_text), s.overflowed


# ---------------------------------------------------------------- updates and clipping


@_quiet
def clip_gradient_norm(grad, threshold: float) -> np.ndarray:
    """`grad` rescaled to norm `threshold` when its norm exceeds it; the direction is kept.

    Works where a plain norm would overflow (entries near 10³⁰⁰) and for infinite entries (their signs
    give the direction), so a clipped gradient is always finite. It shrinks; it never grows a small one.
    """
    if not (threshold > 0 and math.isfinite(threshold)):
        raise ValueError("the clipping threshold must be a positive number")
    g = np.asarray(grad, dtype=float)
    if np.any(np.isnan(g)):
        raise ValueError("a gradient with NaN in it has no direction to keep")
    inf = np.isinf(g)
    if np.any(inf):
        d = np.where(inf, np.sign(g), 0.0)
        return d * (threshold / math.sqrt(float(inf.sum())))
    m = float(np.max(np.abs(g))) if g.size else 0.0
    if m == 0.0:
        return g.copy()
    norm = m * float(np.linalg.norm(g / m))
    if norm <= threshold:
        return g.copy()
    with np.errstate(under="ignore"):
        return (g / m) * (threshold / (norm / m))


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
    """log10 of each step's share ‖δ(t)·[c(t−1); x(t)]ᵀ‖ of dE/dW, and of the whole sum, without under/overflow."""
    steps = int(cfg.steps)
    if p.forward_overflowed:
        return np.full(steps, np.inf), math.inf
    inputs = np.concatenate([p.states[:-1], net.xs], axis=1)  # [c(t−1); x(t)] for t = 1..T
    in_norms = _row_norms(inputs)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = p.log10_norms[1:] + np.log10(p.through) + np.log10(in_norms)
    logs = np.where(np.isnan(logs), -np.inf, logs)
    finite = np.isfinite(logs)
    if not finite.any():
        return logs, -math.inf
    top = float(logs[finite].max())
    weights = np.where(finite, _pow10(logs - top), 0.0)
    with np.errstate(under="ignore"):  # shares below 10⁻³⁰⁸ of the largest are 0 in the sum, as in floats
        deltas = (p.slopes * p.units[1:]) / np.where(p.through > 0, p.through, 1.0)[:, None]
        g = (weights[:, None] * deltas).T @ (inputs / np.where(in_norms > 0, in_norms, 1.0)[:, None])
    gn = _norm(g.ravel())
    return logs, (top + math.log10(gn) if gn > 0 else -math.inf)


@_quiet
def update_sizes(cfg: RNNConfig, learning_rate: float = 0.01, net: RNNNet | None = None,
                 threshold: float | None = None) -> UpdateSizes:
    """The update each time step contributes to W = [W_rec, W_in] (article 001's rule in numbers), plain RNN only.

    dE/dW = Σ_t δ(t)·[c(t−1); x(t)]ᵀ with δ(t) = f′(z(t)) ⊙ dE/dc(t); step t moves the weights by lr × that term.
    With `threshold`, the whole gradient is clipped to that norm first: every share shrinks by the same factor,
    so clipping cannot lift the early steps relative to the late ones.
    """
    if cfg.cell != "rnn":
        raise ValueError("update sizes per step are computed for the plain RNN (cell='rnn')")
    net = make_rnn(cfg) if net is None else net
    return updates_from(bptt_gradient_norms(cfg, net), learning_rate, threshold)


@_quiet
def updates_from(res: BPTTResult, learning_rate: float = 0.01, threshold: float | None = None) -> UpdateSizes:
    """update_sizes from an already computed plain-RNN result: changing lr or the threshold costs nothing."""
    if res.log10_shares is None:
        raise ValueError("update sizes per step are computed for the plain RNN (cell='rnn')")
    if not (learning_rate > 0 and math.isfinite(learning_rate)):
        raise ValueError("the learning rate must be a positive number")
    lr = float(learning_rate)
    logs = res.log10_shares + math.log10(lr)
    total = res.log10_share_total + math.log10(lr)
    out = UpdateSizes(lr, _pow10(logs), logs, total)
    if threshold is None:
        return out
    if not (threshold > 0 and math.isfinite(threshold)):
        raise ValueError("the clipping threshold must be a positive number")
    if total == math.inf:  # the forward pass overflowed: no direction left to keep, nothing to clip to
        return replace(out, threshold=float(threshold))
    log_scale = 0.0 if total == -math.inf else min(0.0, math.log10(threshold * lr) - total)
    clipped = _pow10(logs + log_scale)
    return replace(out, threshold=float(threshold), clipped=clipped, clip_scale=float(_pow10(np.float64(log_scale))),
                   log10_clip_scale=float(log_scale))
