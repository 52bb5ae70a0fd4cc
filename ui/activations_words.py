"""The activations page's words: the "In numbers" sentence and what the slope means for a chain of layers.

No streamlit here: templates come from pages/activations.md through ui.prose.
"""

from __future__ import annotations

import numpy as np

from core.activations import Activation
from ui.fmt import percent, sci
from ui.prose import prose


def flat_share(act: Activation, x: np.ndarray) -> float:
    """The share of the inputs `x` that land where the slope is under 5% of its best."""
    return float(np.mean(act.flat(x)))


def numbers_sentence(act: Activation, x: np.ndarray) -> str:
    """The slope's range over the inputs shown, and how much of that range is flat."""
    d = act.df(x)
    span = float(np.max(np.abs(x)))
    return prose("activations", "numbers", label=act.label, range=act.output_range, low=sci(d.min()),
                 high=sci(d.max()), flat=percent(flat_share(act, x)), span=f"{span:g}")


def chain_sentence(act: Activation, x: np.ndarray) -> str:
    """What a chain of this activation's slopes does to a gradient, built from the slopes themselves."""
    best = act.max_derivative
    if best < 1:
        return prose("activations", "chain-shrinks", label=act.label, best=sci(best), ten=sci(best**10))
    if act.saturates:
        return prose("activations", "chain-saturates", label=act.label, flat=percent(flat_share(act, x)))
    neg = float(act.df(np.array([-1.0]))[0])
    if neg == 1:
        return prose("activations", "chain-linear", label=act.label)
    if neg == 0:
        return prose("activations", "chain-blocks", label=act.label)
    return prose("activations", "chain-leaks", label=act.label, neg=sci(neg))
