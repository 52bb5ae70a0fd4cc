"""Gradient flow through a deep feed-forward network, layer by layer, with the variance rule's prediction beside it.

Backprop multiplies the gradient by one layer's Jacobian per layer, W_lᵀ·diag(f′(z_l)). On average that multiplies
its variance by n·Var(W)·E[f′(z)²] (the mean-field rule behind Glorot and He initialisation): below 1 it vanishes
geometrically with depth, above 1 it explodes. We measure it on a real random network and draw the rule beside it.

numpy is the fast path (explicit forward and backward, batch-norm backward included); `core.reference.deepnet_autograd`
is the same network under torch autograd, which the tests hold the numpy numbers to.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from core.activations import NAMES as ACTIVATION_NAMES
from core.activations import RELU_LIKE as RELU_LIKE  # re-exported: pages read deepnet.RELU_LIKE
from core.activations import get_activation
from core.numerics import orthogonal

INITS: tuple[str, ...] = ("small", "standard", "xavier", "he", "orthogonal")
"""small N(0, 0.01²); standard U[−1/√n, 1/√n] (the old default); xavier Var = 2/(fan_in + fan_out);
he Var = 2/fan_in; orthogonal: a random rotation (every singular value 1)."""

BN_EPS = 1e-5  # as torch.nn.BatchNorm1d
QUANTILES: tuple[float, ...] = (0.01, 0.25, 0.5, 0.75, 0.99)
QUANTILE_SAMPLE = 4096  # values per layer the activation quantiles are taken over (≈ 40 beyond the 1% and 99% marks)
MAX_DEPTH = 1000
MAX_WIDTH = 4096


@dataclass(frozen=True)
class DeepNetConfig:
    """One network: `depth` layers of `width` units, all square (fan_in = fan_out = width)."""

    depth: int = 20
    width: int = 256
    activation: str = "tanh"
    init: str = "xavier"
    weight_scale: float = 1.0
    batch_norm: bool = False
    residual: bool = False
    batch: int = 256
    seed: int = 0
    precision: str = "auto"  # "auto": float32, redone in float64 if anything overflows; or "float32" / "float64"

    def __post_init__(self) -> None:
        if not 1 <= int(self.depth) <= MAX_DEPTH:
            raise ValueError(f"depth must be between 1 and {MAX_DEPTH}")
        if not 1 <= int(self.width) <= MAX_WIDTH:
            raise ValueError(f"width must be between 1 and {MAX_WIDTH}")
        if not 2 <= int(self.batch) <= 100_000:
            raise ValueError("batch must be at least 2 (batch norm needs a spread to normalise)")
        if self.activation not in ACTIVATION_NAMES:
            raise ValueError(f"unknown activation {self.activation!r}; choose one of {', '.join(ACTIVATION_NAMES)}")
        if self.init not in INITS:
            raise ValueError(f"unknown init {self.init!r}; choose one of {', '.join(INITS)}")
        if not (math.isfinite(float(self.weight_scale)) and float(self.weight_scale) >= 0):
            raise ValueError("weight_scale must be a finite number ≥ 0")
        if self.precision not in ("auto", "float32", "float64"):
            raise ValueError("precision must be 'auto', 'float32' or 'float64'")


@dataclass(frozen=True)
class DeepNetStats:
    """Per-layer numbers of one forward and backward pass; index 0 is layer 1, nearest the input."""

    config: DeepNetConfig
    grad_norm: np.ndarray  # ‖dL/dW_l‖ (Frobenius)
    grad_std: np.ndarray  # std of dL/dh_l, the back-propagated signal at layer l's output
    activation_std: np.ndarray  # std of h_l, the layer's output (after the skip connection, when on)
    activation_rms: np.ndarray  # root mean square of h_l: its size including any common offset (sigmoid's are > 0)
    activation_saturation: np.ndarray  # fraction of units where f′(z) < 5% of its best: the gradient barely passes
    predicted_grad_std: np.ndarray  # the variance rule, anchored at the last layer's measured grad_std
    predicted_factor: np.ndarray  # the rule's per-layer multiplier on the std (√ of the variance factor)
    preactivation_std: np.ndarray  # std of z_l, the activation's input (after batch norm, when on)
    weight_norm: np.ndarray  # ‖W_l‖ (Frobenius)
    activation_quantiles: np.ndarray  # (depth, 5): 1%, 25%, 50%, 75%, 99% of f(z_l) over a sample of units
    loss: float
    overflowed: bool  # some number grew past what a float64 can hold: those layers are inf/NaN (gaps in a chart)
    precision: str  # the float type the numbers were computed in

    @property
    def depth(self) -> int:
        return int(self.grad_norm.size)

    @property
    def layers(self) -> np.ndarray:
        """Layer numbers 1..depth, for x axes."""
        return np.arange(1, self.depth + 1)

    @property
    def first_to_last(self) -> float:
        """‖dL/dW_1‖ / ‖dL/dW_L‖: how much smaller (or larger) the first layer's gradient is than the last's."""
        with np.errstate(all="ignore"):
            return float(self.grad_norm[0] / self.grad_norm[-1])


def init_variance(init: str, fan_in: int, fan_out: int) -> float:
    """The variance of one weight that each initialisation aims for."""
    if init == "small":
        return 1e-4
    if init == "standard":
        return 1.0 / (3.0 * fan_in)  # U[−a, a] has variance a²/3, a = 1/√fan_in
    if init == "xavier":
        return 2.0 / (fan_in + fan_out)
    if init == "he":
        return 2.0 / fan_in
    if init == "orthogonal":
        return 1.0 / fan_out  # rows of unit length: each of n entries has variance 1/n
    raise ValueError(f"unknown init {init!r}")


def draw_family(init: str) -> str:
    """Inits that differ only by a constant share one draw, so 'xavier vs he' changes the scale and nothing else."""
    return {"small": "gaussian", "xavier": "gaussian", "he": "gaussian"}.get(init, init)


def _rng(seed: int, tag: int, layer: int = 0) -> np.random.Generator:
    return np.random.default_rng([int(seed), int(tag), int(layer)])


def base_layer(width: int, init: str, seed: int, layer: int) -> np.ndarray:
    """Layer `layer`'s unit-variance draw (width, width), float32, that an init scales: W_l = base·√Var·weight_scale.

    It depends only on (seed, layer) and the init's family, so a deeper net keeps the shallower one's layers and a
    page can cache draws layer by layer (a 512 × 512 orthogonal matrix costs a QR decomposition, about 25 ms).
    """
    family = draw_family(init)
    rng = _rng(seed, 0, layer)
    if family == "gaussian":
        return rng.standard_normal((width, width), dtype=np.float32)
    if family == "standard":
        return (rng.random((width, width), dtype=np.float32) * 2.0 - 1.0) * np.float32(math.sqrt(3.0))
    if family == "orthogonal":
        return (orthogonal(rng, width) * math.sqrt(width)).astype(np.float32)
    raise ValueError(f"unknown init {init!r}")


def base_weights(depth: int, width: int, init: str, seed: int) -> np.ndarray:
    """All layers' draws, (depth, width, width) float32; see `base_layer`."""
    out = np.empty((int(depth), int(width), int(width)), dtype=np.float32)
    for layer in range(int(depth)):
        out[layer] = base_layer(int(width), init, seed, layer)
    return out


def weights(cfg: DeepNetConfig, base=None) -> np.ndarray:
    """The network's weight matrices W_l, float64, shape (depth, fan_in, fan_out): z = h @ W_l."""
    base = base_weights(cfg.depth, cfg.width, cfg.init, cfg.seed) if base is None else base
    return np.asarray(base, dtype=np.float64) * _weight_std(cfg)


def _weight_std(cfg: DeepNetConfig) -> float:
    return math.sqrt(init_variance(cfg.init, cfg.width, cfg.width)) * float(cfg.weight_scale)


def inputs(cfg: DeepNetConfig) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The fixed data: a unit-variance input batch x, a random readout r (Var 1/width) and random targets t.

    The loss is the readout's mean squared error, L = mean_b (h_L[b]·r − t[b])².
    """
    x = _rng(cfg.seed, 1).standard_normal((cfg.batch, cfg.width))
    r = _rng(cfg.seed, 2).standard_normal(cfg.width) / math.sqrt(cfg.width)
    t = _rng(cfg.seed, 3).standard_normal(cfg.batch)
    return x, r, t


def _check_base(cfg: DeepNetConfig, base) -> None:
    shapes = {np.shape(b) for b in base}
    if len(base) != cfg.depth or shapes != {(cfg.width, cfg.width)}:
        raise ValueError(f"need {cfg.depth} base weight matrices of shape {(cfg.width, cfg.width)}")


def layer_gradient_stats(cfg: DeepNetConfig, base: np.ndarray | Sequence[np.ndarray] | None = None) -> DeepNetStats:
    """One forward and backward pass of `cfg`'s network on its fixed batch, summarised layer by layer.

    `base` (`base_weights(cfg.depth, cfg.width, cfg.init, cfg.seed)`, or the list of its `base_layer`s) may be
    passed in to skip drawing it.
    With precision "auto" we compute in float32 (twice as fast) and redo the pass in float64 only if a number
    overflowed; whatever still overflows in float64 is reported as inf/NaN with `overflowed=True`, never a warning.
    """
    if base is None:
        base = base_weights(cfg.depth, cfg.width, cfg.init, cfg.seed)
    _check_base(cfg, base)
    if cfg.precision == "auto":
        stats = _pass(cfg, base, np.float32)
        return _pass(cfg, base, np.float64) if stats.overflowed else stats
    return _pass(cfg, base, np.float32 if cfg.precision == "float32" else np.float64)


def _pass(cfg: DeepNetConfig, base, dtype) -> DeepNetStats:
    act = get_activation(cfg.activation)
    depth, n, b = cfg.depth, cfg.width, cfg.batch
    s = _weight_std(cfg)
    x, r, t = inputs(cfg)
    var_w = init_variance(cfg.init, n, n) * float(cfg.weight_scale) ** 2
    rows = max(1, min(b, QUANTILE_SAMPLE // n))

    h_in = np.empty((depth, b, n), dtype=dtype)  # each layer's input h_{l−1}
    slope = np.empty((depth, b, n), dtype=dtype)  # f′(z_l)
    zhat = np.empty((depth, b, n), dtype=dtype) if cfg.batch_norm else None
    inv_std = np.empty((depth, n), dtype=dtype) if cfg.batch_norm else None
    act_std = np.empty(depth)
    act_rms = np.empty(depth)
    pre_std = np.empty(depth)
    sat = np.empty(depth)
    quant = np.empty((depth, len(QUANTILES)))
    rule = np.empty(depth)  # the variance factor n·Var(W)·E[f′(z)²] (with batch norm's 1/σ² folded in)

    with np.errstate(all="ignore"):
        h = x.astype(dtype)
        for layer in range(depth):
            w = base[layer] if dtype == np.float32 else base[layer].astype(dtype)
            h_in[layer] = h
            z = (h @ w) * dtype(s)
            gain2 = np.ones(n)
            if cfg.batch_norm:
                mu = z.mean(axis=0)
                inv = 1.0 / np.sqrt(z.var(axis=0) + dtype(BN_EPS))
                z = (z - mu) * inv
                zhat[layer], inv_std[layer] = z, inv
                gain2 = inv.astype(np.float64) ** 2
            z64 = z.astype(np.float64)
            d = act.df(z64)
            a = act.f(z64)
            slope[layer] = d
            h = h + a.astype(dtype) if cfg.residual else a.astype(dtype)
            act_std[layer] = _std(h)
            act_rms[layer] = _rms(h)
            pre_std[layer] = _std(z64)
            flat = np.count_nonzero(d < 0.05 * act.max_derivative) / d.size
            sat[layer] = flat if np.isfinite(z64).all() else np.nan
            quant[layer] = _quantiles(a[:rows])
            rule[layer] = n * var_w * float(np.mean(gain2[None, :] * d * d))

        y = h.astype(np.float64) @ r
        loss = float(np.mean((y - t) ** 2))
        delta = ((2.0 / b) * (y - t))[:, None] * r[None, :]
        delta = delta.astype(dtype)
        grad_norm = np.empty(depth)
        grad_std = np.empty(depth)
        for layer in range(depth - 1, -1, -1):
            grad_std[layer] = _std(delta)
            g = delta * slope[layer]
            if cfg.batch_norm:
                zh = zhat[layer]
                g = inv_std[layer] * (g - g.mean(axis=0) - zh * (g * zh).mean(axis=0))
            grad_norm[layer] = _norm(h_in[layer].T @ g)
            back = (g @ (base[layer] if dtype == np.float32 else base[layer].astype(dtype)).T) * dtype(s)
            delta = delta + back if cfg.residual else back

        factor = 1.0 + rule if cfg.residual else rule
        predicted = np.empty(depth)
        predicted[-1] = grad_std[-1]
        for layer in range(depth - 2, -1, -1):
            predicted[layer] = predicted[layer + 1] * math.sqrt(factor[layer + 1]) if factor[layer + 1] >= 0 else np.nan
        weight_norm = np.array([_norm(base[layer]) for layer in range(depth)]) * s

    values = (grad_norm, grad_std, act_std, predicted, np.array([loss]))
    overflowed = not all(np.isfinite(v).all() for v in values)
    return DeepNetStats(
        config=cfg,
        grad_norm=grad_norm,
        grad_std=grad_std,
        activation_std=act_std,
        activation_rms=act_rms,
        activation_saturation=sat,
        predicted_grad_std=predicted,
        predicted_factor=np.sqrt(factor),
        preactivation_std=pre_std,
        weight_norm=weight_norm,
        activation_quantiles=quant,
        loss=loss,
        overflowed=overflowed,
        precision=np.dtype(dtype).name,
    )


def _norm(a: np.ndarray) -> float:
    """Frobenius norm summed in float64 (a float32 sum of squares would overflow long before the entries do)."""
    return float(np.sqrt(np.sum(np.square(a, dtype=np.float64))))


def _quantiles(a: np.ndarray) -> np.ndarray:
    """QUANTILES of every entry of `a` (linear interpolation, as np.quantile), via one sort of a small sample."""
    v = np.sort(a, axis=None)
    if not np.isfinite(v).all():
        return np.full(len(QUANTILES), np.nan)
    pos = np.asarray(QUANTILES) * (v.size - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, v.size - 1)
    return v[lo] + (pos - lo) * (v[hi] - v[lo])


def _rms(a: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        return float(np.sqrt(np.mean(np.square(a, dtype=np.float64))))


def _std(a: np.ndarray) -> float:
    """std of every entry, in float64; inf or NaN (not a warning) once the numbers overflowed."""
    a = a.astype(np.float64, copy=False)
    if not np.isfinite(a).all():
        return math.inf if not np.isnan(a).any() else math.nan
    return float(np.std(a))


REMEDIES: tuple[str, ...] = ("batch_norm", "residual", "init")


def matched_init(activation: str) -> str:
    """The initialisation made for an activation: He for the ReLU family, Xavier (Glorot) for the rest."""
    return "he" if get_activation(activation).relu_like else "xavier"


def remedy_pair(cfg: DeepNetConfig, remedy: str) -> tuple[DeepNetConfig, DeepNetConfig]:
    """The same network without and with one fix, everything else as in `cfg`.

    "init" means the matched init at weight scale 1; if `cfg` already has that, "without" is the old default.
    """
    if remedy == "batch_norm":
        return replace(cfg, batch_norm=False), replace(cfg, batch_norm=True)
    if remedy == "residual":
        return replace(cfg, residual=False), replace(cfg, residual=True)
    if remedy == "init":
        good = replace(cfg, init=matched_init(cfg.activation), weight_scale=1.0)
        return (replace(cfg, init="standard") if cfg == good else cfg), good
    raise ValueError(f"unknown remedy {remedy!r}; choose one of {', '.join(REMEDIES)}")


def relative_update(stats: DeepNetStats, learning_rate: float) -> np.ndarray:
    """‖ΔW_l‖ / ‖W_l‖ for one plain gradient-descent step ΔW = −lr·dL/dW: how much each layer would change.

    A vanishing gradient shows up here as the first layers barely moving while the last ones do.
    """
    with np.errstate(all="ignore"):
        return float(learning_rate) * stats.grad_norm / stats.weight_norm
