"""Numbers written for people: 2.29 × 10⁻⁵ rather than 2.29e-05.

Plain Python with no Streamlit, so it sits in core beside the numbers it writes; core's results carry no
verdicts (those are in ui/*_words.py). ui.fmt re-exports it so pages have one place to import from.
"""

from __future__ import annotations

import math

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(n: int) -> str:
    """An integer as superscript digits: -5 -> '⁻⁵'."""
    return str(int(n)).translate(_SUPERSCRIPT)


def sci(x: float, digits: int = 3) -> str:
    """A number with `digits` significant figures, in powers of ten when it is very small or large.

    sci(0.000022869) == '2.29 × 10⁻⁵'; sci(0.58) == '0.58'; sci(0) == '0'; sci(inf) == '∞'.
    """
    x = float(x)
    if math.isnan(x):
        return "not a number"
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    if x == 0:
        return "0"
    sign = "−" if x < 0 else ""
    a = abs(x)
    exponent = math.floor(math.log10(a))
    # 10**exponent is 0 below ~1e-308 (subnormal numbers): take the mantissa from the logarithm instead.
    mantissa = round(10 ** (math.log10(a) - exponent), digits - 1)
    if mantissa >= 10:  # rounding carried over, e.g. 9.999 -> 10.0
        mantissa /= 10
        exponent += 1
    if -2 <= exponent < 4:
        decimals = max(digits - 1 - exponent, 0)
        text = f"{a:.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return sign + text
    m = f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip(".")
    return f"{sign}{m} × 10{superscript(exponent)}"


def sci_log10(log10_value: float, digits: int = 3) -> str:
    """A number given by its base-10 logarithm, so that 10^-400 can be written although a float cannot hold it."""
    if math.isnan(log10_value):
        return "not a number"
    if math.isinf(log10_value):
        return "0" if log10_value < 0 else "∞"
    if -300 < log10_value < 300:
        return sci(10.0**log10_value, digits)
    exponent = math.floor(log10_value)
    mantissa = round(10 ** (log10_value - exponent), digits - 1)
    if mantissa >= 10:
        mantissa /= 10
        exponent += 1
    m = f"{mantissa:.{digits - 1}f}".rstrip("0").rstrip(".")
    return f"{m} × 10{superscript(exponent)}"


def percent(x: float, digits: int = 0) -> str:
    """0.423 -> '42%'."""
    return f"{100 * float(x):.{digits}f}%"


def product_text(factors, result: str, *, digits: int = 2, show: int = 12) -> str:
    """A multiplication people can read: '0.21 × 0.11 × … × 0.15 = 2.29 × 10⁻⁵' (long chains are shortened)."""
    vals = [sci(v, digits) for v in factors]
    if len(vals) > show:
        head, tail = vals[: show - 3], vals[-2:]
        vals = head + [f"… ({len(factors) - len(head) - len(tail)} more) …"] + tail
    return " × ".join(vals) + f" = {result}"
