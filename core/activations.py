"""Activation functions and their derivatives, written so they never warn or overflow.

The derivative is the number each layer (or time step) multiplies the gradient by,
so `max_derivative` is the best a single factor can do: 0.25 for sigmoid, 1 for tanh and ReLU.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Array = np.ndarray
Fn = Callable[[Array], Array]


@dataclass(frozen=True)
class Activation:
    """One activation: its formula `f`, its slope `df`, and the facts the pages quote about it."""

    name: str
    label: str
    f: Fn
    df: Fn
    max_derivative: float
    output_range: str
    saturates: bool  # flat on both sides (sigmoid, tanh): large inputs give a near-zero slope
    torch_f: Fn  # the same function on torch tensors (autograd's ground truth; torch is imported on first call)
    relu_like: bool = False  # the ReLU family: slope 1 for every positive input; He initialisation suits it
    params: dict[str, float] = field(default_factory=dict)

    def flat(self, x: Array, fraction: float = 0.05) -> Array:
        """True where the slope is under `fraction` of its best: the 'saturated' region a gradient dies in."""
        return self.df(np.asarray(x, dtype=float)) < fraction * self.max_derivative


def _as_array(x) -> Array:
    return np.asarray(x, dtype=float)


def _sigmoid(x) -> Array:
    x = _as_array(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows; underflow to 0 is silent and exact enough
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _dsigmoid(x) -> Array:
    # e/(1+e)² with e = exp(-|z|) equals s(1-s) but keeps its digits far out, where 1 - s would round to 0.
    e = np.exp(-np.abs(_as_array(x)))
    return np.minimum(e / ((1.0 + e) * (1.0 + e)), 0.25)  # rounding may otherwise give 0.25 + 1 ulp


def _tanh(x) -> Array:
    return np.tanh(_as_array(x))


def _dtanh(x) -> Array:
    # sech²(z) = 4e/(1+e)² with e = exp(-2|z|): the same as 1 - tanh², without rounding to 0 at |z| ≈ 20.
    e = np.exp(-2.0 * np.abs(_as_array(x)))
    return np.minimum(4.0 * e / ((1.0 + e) * (1.0 + e)), 1.0)


def _identity(x) -> Array:
    return _as_array(x).copy()


def _didentity(x) -> Array:
    return np.ones_like(_as_array(x))


def _leaky(slope: float) -> tuple[Fn, Fn]:
    # slope 0 is plain ReLU. At exactly 0 we use the left slope, as torch does for leaky_relu and prelu.
    def f(x):
        x = _as_array(x)
        return np.where(x > 0, x, slope * x)

    def df(x):
        x = _as_array(x)
        return np.where(x > 0, 1.0, slope)

    return f, df


def _elu(alpha: float) -> tuple[Fn, Fn]:
    def f(x):
        x = _as_array(x)
        return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))

    def df(x):
        x = _as_array(x)
        return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0.0)))

    return f, df


def _torch(name: str, **kw) -> Fn:
    """torch's own `name` (torch.sigmoid, or torch.nn.functional's leaky_relu, elu) with keyword parameters.

    torch is imported on the first call, not here: the numpy pages never load it.
    """

    def f(z):
        import torch
        from torch.nn import functional

        return getattr(torch if hasattr(torch, name) else functional, name)(z, **kw)

    return f


def _relu_df(x) -> Array:
    # torch's relu has slope 0 at exactly 0; so do we.
    return np.where(_as_array(x) > 0, 1.0, 0.0)


def _build(name: str, slope: float | None = None, alpha: float | None = None) -> Activation:
    if name == "identity":
        return Activation("identity", "Identity (no activation)", _identity, _didentity, 1.0, "all numbers", False,
                          lambda z: z)
    if name == "sigmoid":
        return Activation("sigmoid", "Sigmoid", _sigmoid, _dsigmoid, 0.25, "(0, 1)", True, _torch("sigmoid"))
    if name == "tanh":
        return Activation("tanh", "tanh", _tanh, _dtanh, 1.0, "(−1, 1)", True, _torch("tanh"))
    if name == "relu":
        f, _ = _leaky(0.0)
        return Activation("relu", "ReLU", f, _relu_df, 1.0, "[0, ∞)", False, _torch("relu"), True)
    if name in ("leaky_relu", "prelu"):
        s = (0.01 if name == "leaky_relu" else 0.25) if slope is None else float(slope)
        f, df = _leaky(s)
        label = "Leaky ReLU" if name == "leaky_relu" else "PReLU"
        low = "(−∞, ∞)" if s > 0 else "[0, ∞)"
        return Activation(name, label, f, df, max(1.0, abs(s)), low, False, _torch("leaky_relu", negative_slope=s),
                          True, {"slope": s})
    if name == "elu":
        a = 1.0 if alpha is None else float(alpha)
        f, df = _elu(a)
        return Activation("elu", "ELU", f, df, max(1.0, a), f"(−{a:g}, ∞)", False, _torch("elu", alpha=a), True,
                          {"alpha": a})
    raise KeyError(f"unknown activation {name!r}; choose one of {', '.join(NAMES)}")


NAMES: tuple[str, ...] = ("identity", "sigmoid", "tanh", "relu", "leaky_relu", "prelu", "elu")

ACTIVATIONS: dict[str, Activation] = {n: _build(n) for n in NAMES}
"""Every activation with its default parameters (Leaky ReLU slope 0.01, PReLU slope 0.25, ELU alpha 1)."""
RELU_LIKE: tuple[str, ...] = tuple(n for n in NAMES if ACTIVATIONS[n].relu_like)
"""The ReLU family by name: ReLU, Leaky ReLU, PReLU, ELU."""


def get_activation(name: str, *, slope: float | None = None, alpha: float | None = None) -> Activation:
    """The activation called `name`; `slope` (Leaky ReLU, PReLU) and `alpha` (ELU) by keyword.

    PReLU's slope is learned during training in a real network; here you set it by hand to see its effect.
    """
    if slope is None and alpha is None:
        if name not in ACTIVATIONS:
            raise KeyError(f"unknown activation {name!r}; choose one of {', '.join(NAMES)}")
        return ACTIVATIONS[name]
    return _build(name, slope=slope, alpha=alpha)
