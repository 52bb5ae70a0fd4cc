"""Shared numerics for gradients that leave a float's range: sizes in base-10 logs, norms that never overflow.

A gradient that has vanished for 400 steps is about 10⁻⁴⁰⁰: a float64 prints it as 0 (and inf·0 = NaN).
These helpers keep such sizes as logarithms and take norms by scaling first, so nothing here warns or
returns NaN for a number it can still describe.
"""

from __future__ import annotations

import functools
import math

import numpy as np

FLOAT32_ROUNDOFF = 2.0**-24
"""A float32 sum a + b equals b when |a| is below about this fraction of |b|: the 'floor' of a gradient."""
LOG10_MAX = math.log10(np.finfo(np.float64).max)  # 308.25: beyond it a float64 is inf


def quiet(fn):
    """Under- and overflow are expected in `fn` and handled (logs, inf flags): no floating-point warnings."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with np.errstate(over="ignore", under="ignore"):
            return fn(*args, **kwargs)

    return wrapper


def norm(v: np.ndarray) -> float:
    """‖v‖ that neither underflows (entries near 10⁻²⁰⁰ squared) nor overflows (near 10²⁰⁰)."""
    m = float(np.max(np.abs(v)))
    if m == 0.0 or not math.isfinite(m):
        return m
    return m * float(np.linalg.norm(v / m))


def row_norms(a: np.ndarray) -> np.ndarray:
    """Euclidean norm of each row without overflow for entries near 10³⁰⁰ (squares would pass the float range)."""
    m = np.max(np.abs(a), axis=1) if a.size else np.zeros(a.shape[0])
    safe = np.where((m > 0) & np.isfinite(m), m, 1.0)
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        out = m * np.linalg.norm(a / safe[:, None], axis=1)
    return np.where(np.isinf(m), np.inf, out)


def pow10(x: np.ndarray) -> np.ndarray:
    """10**x, quietly 0 below the float range and inf above it."""
    with np.errstate(over="ignore", under="ignore"):
        return np.power(10.0, x)


def log10_safe(x) -> np.ndarray:
    """log10 |x|, −inf (not a warning) where x is 0."""
    with np.errstate(divide="ignore"):
        return np.log10(np.abs(np.asarray(x, dtype=float)))


def geo_mean(x: np.ndarray) -> float:
    """The geometric mean of positive factors: 1 for none, 0 if one is 0, inf if one is inf."""
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return 1.0
    if np.any(x <= 0):
        return 0.0
    if not np.all(np.isfinite(x)):
        return math.inf
    return float(10.0 ** np.mean(np.log10(x)))


def orthogonal(rng: np.random.Generator, n: int) -> np.ndarray:
    """A random orthogonal n × n matrix, float64: QR of a Gaussian one, signs fixed so it is uniformly (Haar)
    distributed. Every singular value is 1."""
    q, r = np.linalg.qr(rng.standard_normal((n, n)))
    return q * np.where(np.diag(r) < 0, -1.0, 1.0)
