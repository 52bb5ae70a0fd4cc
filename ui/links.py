"""What a choice looks like in a link: a short stable key (`act=relu`, `init=xavier`, `cells=lstm`), never its label.

Labels on screen may be reworded; the key in the URL stays. Links shared before keys existed carried the label
(`?act=ReLU`, `?init=Xavier (Glorot)`, `?cells=RNN`): `LEGACY_LABELS` freezes those labels, as they were, so such a
link still opens the same view after any relabel. Streamlit-free, so it is tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote, urlencode

from core.fmt import sci

_ACTIVATIONS = {"Identity (no activation)": "identity", "Sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu",
                "Leaky ReLU": "leaky_relu", "PReLU": "prelu", "ELU": "elu"}

# URL key → {label a link carried before keys existed: the option's key}. Frozen: never edit a label here.
LEGACY_LABELS: dict[str, dict[str, str]] = {
    "act": _ACTIVATIONS,
    "fn": _ACTIVATIONS,
    "compare": _ACTIVATIONS,
    "source": {"An activation's slopes": "activation", "Numbers I type": "typed"},
    "init": {"Small N(0, 0.01²)": "small", "Old default U(±1/√n)": "standard", "Xavier (Glorot)": "xavier",
             "He (Kaiming)": "he", "Orthogonal": "orthogonal"},
    "cells": {"RNN": "rnn", "LSTM": "lstm", "GRU": "gru"},
    "fix": {"Batch norm": "batch_norm", "Skip connections": "residual", "Matched init (He or Xavier)": "init"},
    "task": {"Adding problem": "adding", "Remember the first symbol (one of 8)": "first_symbol"},
    "models": {"Plain RNN (tanh)": "rnn", "IRNN (ReLU, identity start)": "irnn", "LSTM": "lstm", "GRU": "gru",
               "RNN + attention": "attention"},
}


def token(option: Any) -> str:
    """An option's key in the URL: the option itself (options are short keys such as 'relu' or 'xavier')."""
    return str(option)


def parse(key: str, text: str | None, options: Sequence, label: Callable[[Any], str] = str) -> Any | None:
    """The option a URL value names: its key, a frozen old label, or (leniently) today's label; else None."""
    if text is None:
        return None
    text = text.strip()
    by_token = {token(o): o for o in options}
    if text in by_token:
        return by_token[text]
    old = LEGACY_LABELS.get(key, {}).get(text)
    if old in by_token:
        return by_token[old]
    lowered = text.lower()
    for o in options:
        if token(o).lower() == lowered or str(label(o)).lower() == lowered:
            return o
    return None


def parse_many(key: str, texts: Sequence[str], options: Sequence, label: Callable[[Any], str] = str) -> list:
    """Every option a repeated URL value names, in the order given, without repeats or unknown values."""
    picked = []
    for t in texts:
        o = parse(key, t, options, label)
        if o is not None and o not in picked:
            picked.append(o)
    return picked


# ------------------------------------------------------------------ links the app builds (tour, remedies, handout)

_G = "{:g}".format
# (page, URL key) → the default of each control Streamlit binds to the URL (sliders, toggles, text, the seed), as the
# page last drew it (ui/widgets). Streamlit writes a bound control's URL value only when the user moves it, so a
# value put back from Python (ui/site.arrive, coming back to a page) is spelt into the URL here, defaults left out.
BOUND: dict[tuple[str, str], Any] = {}
# Select-sliders are bound by Streamlit, which writes and reads the text they SHOW: these keys' shown text.
SLIDER_TEXT: dict[tuple[str, str], Callable[[Any], str]] = {
    ("bptt", "scale"): _G, ("bptt", "inp"): _G, ("bptt", "clip"): _G, ("bptt", "lr"): _G, ("deep", "lr"): sci,
}


def url_value(page: str, key: str, value: Any) -> str:
    """One setting as page `page`'s URL spells it: a choice's key, a select-slider's shown text, true/false."""
    shown = SLIDER_TEXT.get((page, key))
    if shown is not None:
        return shown(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return token(value)


def page_link(page: str, **settings: Any) -> str:
    """`/page?key=value…` for raw settings (a list repeats its key, as a pick-several's URL does).

    Tests open every link the app builds and compare the page's widget values with these settings, so a page
    that changes how a key is spelt fails a test rather than a shared link.
    """
    pairs = [(k, url_value(page, k, x)) for k, v in settings.items() for x in (v if isinstance(v, list) else [v])]
    return f"/{page}" + (f"?{urlencode(pairs, quote_via=quote)}" if pairs else "")
