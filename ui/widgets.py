"""Widgets whose values live in the URL, so a copied link reopens the same view.

Each wrapper is the plain Streamlit widget with `key=` and `bind="query-params"`; the key is the
URL parameter's name, so keys are short, readable and unique on their page. A hand-edited URL
with a value out of range or of the wrong kind falls back to the default (Streamlit drops it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

BIND = "query-params"
OPTIONS: dict[str, list[tuple]] = {}  # URL key → the raw option lists its choice widgets offered (for tests)


def _offered(key: str, options: Sequence) -> list:
    """Remember a choice widget's raw options by key: tests map its shown labels back to values with it."""
    options = list(options)
    seen = OPTIONS.setdefault(key, [])
    if tuple(options) not in seen:
        seen.append(tuple(options))
    return options


def slider(label: str, key: str, lo, hi, default, step=None, *, help: str | None = None, fmt: str | None = None):
    """A URL-bound slider; ints stay ints when lo, hi and default are ints."""
    return st.slider(label, min_value=lo, max_value=hi, value=default, step=step, key=key, bind=BIND,
                     help=help, format=fmt)


def select_slider(label: str, key: str, options: Sequence, default, *, help: str | None = None,
                  format_func: Callable[[Any], str] = str):
    """A URL-bound slider over listed values: fine steps where they matter (weight scale near 1)."""
    return st.select_slider(label, options=_offered(key, options), value=default, key=key, bind=BIND, help=help,
                            format_func=format_func)


def select(label: str, key: str, options: Sequence, default, *, help: str | None = None,
           format_func: Callable[[Any], str] = str):
    """A URL-bound drop-down."""
    options = _offered(key, options)
    return st.selectbox(label, options, index=options.index(default), key=key, bind=BIND, help=help,
                        format_func=format_func)


def radio(label: str, key: str, options: Sequence, default, *, help: str | None = None,
          format_func: Callable[[Any], str] = str, horizontal: bool = True):
    """A URL-bound row of choices, for two to four options a class can see at once."""
    options = _offered(key, options)
    return st.radio(label, options, index=options.index(default), key=key, bind=BIND, help=help,
                    format_func=format_func, horizontal=horizontal)


def multiselect(label: str, key: str, options: Sequence, default: Sequence, *, help: str | None = None,
                format_func: Callable[[Any], str] = str):
    """A URL-bound pick-several."""
    return st.multiselect(label, _offered(key, options), default=list(default), key=key, bind=BIND, help=help,
                          format_func=format_func)


def toggle(label: str, key: str, default: bool = False, *, help: str | None = None) -> bool:
    """A URL-bound on/off switch."""
    return st.toggle(label, value=default, key=key, bind=BIND, help=help)


def text(label: str, key: str, default: str = "", *, help: str | None = None, placeholder: str | None = None) -> str:
    """A URL-bound text box (the value is checked by the page, never trusted)."""
    return st.text_input(label, value=default, key=key, bind=BIND, help=help, placeholder=placeholder)


def seed(key: str = "seed", default: int = 0) -> int:
    """The random seed every page offers: same seed, same picture."""
    return int(st.number_input("Random seed", min_value=0, max_value=10_000, value=default, step=1, key=key,
                               bind=BIND, help="The same seed always draws the same random numbers."))


def set_values(**values) -> None:
    """Callback body for preset buttons: put values into the bound widgets (and so the URL)."""
    for k, v in values.items():
        st.session_state[k] = v
