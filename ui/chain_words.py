"""The chain page's words: the "In numbers" sentence and the float-range warnings, from a ChainResult.

No streamlit here: templates come from pages/chain.md through ui.prose, so every sentence can be unit-tested.
"""

from __future__ import annotations

import numpy as np

from core.chain import ChainResult
from ui.fmt import sci, sci_log10
from ui.prose import prose


def total_text(r: ChainResult) -> str:
    """The whole product for people, exact even beyond a float's range (then it comes from the logarithm)."""
    return sci_log10(r.log10_running[-1]) if r.underflowed or r.overflowed else sci(r.total)


def zero_at(r: ChainResult) -> int | None:
    """The 1-based layer whose factor is exactly 0, if any."""
    return int(np.argmax(r.factors == 0)) + 1 if np.any(r.factors == 0) else None


def numbers_sentence(r: ChainResult, ceiling: float, act_label: str | None) -> str:
    """The chain in numbers: where it stopped dead, or how big it ended, beside the best case."""
    n, what = r.depth, (f"{act_label} layers" if act_label else "factors")
    at = zero_at(r)
    if at is not None:
        why = ("you typed 0" if act_label is None else "the weight is 0" if r.weight == 0 else
               "a switched-off unit: its input is below 0, where the slope is 0")
        return prose("chain", "numbers-zero", at=at, why=why)
    largest = sci(r.factors.max())
    if r.log10_running[-1] > 0:
        return prose("chain", "numbers-exploded", n=n, what=what, total=total_text(r), largest=largest)
    best = sci_log10(n * np.log10(ceiling)) if ceiling > 0 else "0"
    return prose("chain", "numbers-shrunk", n=n, what=what, total=total_text(r), largest=largest,
                 ceiling=sci(ceiling), best=best)


def range_warnings(r: ChainResult) -> list[str]:
    """What the page must say when the product left a float64's range (empty when it did not)."""
    size = sci_log10(r.log10_running[-1])
    return ([prose("chain", "underflow", size=size)] if r.underflowed else []) + (
        [prose("chain", "overflow", size=size)] if r.overflowed else [])
