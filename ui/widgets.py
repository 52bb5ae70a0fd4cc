"""Widgets whose values live in the URL, so a copied link reopens the same view.

The widget's key is the URL parameter's name, so keys are short, readable and unique on their page.
Sliders, toggles, text and numbers are the plain Streamlit widget with `bind="query-params"`.
Choices (drop-downs, radios, pick-several) write a short stable key per option instead (`act=relu`, not
Streamlit's shown label `act=ReLU`), so a relabel never breaks a shared link; `ui/links.py` reads keys and the
labels old links carried. A hand-edited URL with a value out of range or of the wrong kind falls back to the
default. Hover help adds the glossary's sentence for every glossary word a label names ("Learning rate",
"Batch norm"…), so no page repeats them. While a stage peeks (ui/stage.first), every widget returns the value its
state holds and draws nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from ui import handout, links, site, stage
from ui.glossary import with_glossary

BIND = "query-params"
OPTIONS: dict[str, list[tuple]] = {}  # URL key → the raw option lists its choice widgets offered (for tests)


def _offered(key: str, options: Sequence) -> list:
    """Remember a choice widget's raw options by key: tests map its shown labels back to values with it."""
    options = list(options)
    seen = OPTIONS.setdefault(key, [])
    if tuple(options) not in seen:
        seen.append(tuple(options))
    return options


def _noted(key: str, label: str, value, shown: Callable[[Any], str] = str):
    """Tell the handout this control's label and its value as the page shows it; returns the value."""
    if isinstance(value, bool):
        words = "on" if value else "off"
    elif isinstance(value, (list, tuple)):
        words = ", ".join(shown(v) for v in value) or "none"
    else:
        words = shown(value)
    handout.add_setting(key, label, "(empty)" if words == "" else words)
    return value


def _bound(key: str, default) -> None:
    """Note a URL-bound control's default (links.BOUND), so a page's address can leave it out."""
    links.BOUND[(site.current(), key)] = default


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def slider(label: str, key: str, lo, hi, default, step=None, *, help: str | None = None, fmt: str | None = None):
    """A URL-bound slider; ints stay ints when lo, hi and default are ints."""
    if stage.peeking():
        return stage.peeked(key)
    help = with_glossary(label, help)
    _bound(key, default)
    with stage.place(key, label):
        value = st.slider(label, min_value=lo, max_value=hi, value=default, step=step, key=key, bind=BIND,
                          help=help, format=fmt)
    return _noted(key, label, value, _number)


def select_slider(label: str, key: str, options: Sequence, default, *, help: str | None = None,
                  format_func: Callable[[Any], str] = str):
    """A URL-bound slider over listed values: fine steps where they matter (weight scale near 1)."""
    if stage.peeking():
        return stage.peeked(key)
    help = with_glossary(label, help)
    _bound(key, default)
    with stage.place(key, label):
        value = st.select_slider(label, options=_offered(key, options), value=default, key=key, bind=BIND,
                                 help=help, format_func=format_func)
    return _noted(key, label, value, format_func)


def _from_url(key: str, options: list, default, format_func, many: bool = False):
    """Seed a choice widget from the URL once per visit (the widget keeps its own value after that)."""
    if key in st.session_state or key not in st.query_params:
        return
    texts = st.query_params.get_all(key)
    if many:
        picked = links.parse_many(key, texts, options, format_func)
        if picked or all(t == "" for t in texts):  # `?cells=` is an empty pick; junk falls back to the default
            st.session_state[key] = picked
    else:
        picked = links.parse(key, texts[-1] if texts else None, options, format_func)
        if picked is not None:
            st.session_state[key] = picked


def _to_url(key: str, value, default) -> None:
    """Write the choice's stable key(s) into the URL; a default value leaves the URL clean."""
    if isinstance(value, list):
        want = [links.token(v) for v in value] or [""]
        want = [] if list(value) == list(default) else want
    else:
        want = [] if value == default else [links.token(value)]
    if st.query_params.get_all(key) != want:
        if want:
            st.query_params[key] = want if len(want) > 1 else want[0]
        elif key in st.query_params:
            del st.query_params[key]


def select(label: str, key: str, options: Sequence, default, *, help: str | None = None,
           format_func: Callable[[Any], str] = str):
    """A URL-linked drop-down."""
    if stage.peeking():
        return stage.peeked(key)
    help = with_glossary(label, help)
    options = _offered(key, options)
    _from_url(key, options, default, format_func)
    with stage.place(key, label):
        value = st.selectbox(label, options, index=options.index(default), key=key, help=help, format_func=format_func)
    _to_url(key, value, default)
    return _noted(key, label, value, format_func)


def radio(label: str, key: str, options: Sequence, default, *, help: str | None = None,
          format_func: Callable[[Any], str] = str, horizontal: bool = True):
    """A URL-linked row of choices, for two to four options a class can see at once."""
    if stage.peeking():
        return stage.peeked(key)
    help = with_glossary(label, help)
    options = _offered(key, options)
    _from_url(key, options, default, format_func)
    with stage.place(key, label):
        value = st.radio(label, options, index=options.index(default), key=key, help=help, format_func=format_func,
                         horizontal=horizontal)
    _to_url(key, value, default)
    return _noted(key, label, value, format_func)


def multiselect(label: str, key: str, options: Sequence, default: Sequence, *, help: str | None = None,
                format_func: Callable[[Any], str] = str):
    """A URL-linked pick-several (`?cells=rnn&cells=lstm`)."""
    if stage.peeking():
        return stage.peeked(key)
    help = with_glossary(label, help)
    options = _offered(key, options)
    _from_url(key, options, default, format_func, many=True)
    with stage.place(key, label):
        value = st.multiselect(label, options, default=list(default), key=key, help=help, format_func=format_func)
    _to_url(key, value, list(default))
    return _noted(key, label, value, format_func)


def toggle(label: str, key: str, default: bool = False, *, help: str | None = None) -> bool:
    """A URL-bound on/off switch."""
    if stage.peeking():
        return stage.peeked(key)
    help = with_glossary(label, help)
    _bound(key, default)
    with stage.place(key, label):
        return _noted(key, label, st.toggle(label, value=default, key=key, bind=BIND, help=help))


def text(label: str, key: str, default: str = "", *, help: str | None = None, placeholder: str | None = None) -> str:
    """A URL-bound text box (the value is checked by the page, never trusted)."""
    if stage.peeking():
        return stage.peeked(key)
    help = with_glossary(label, help)
    _bound(key, default)
    with stage.place(key, label):
        return _noted(key, label, st.text_input(label, value=default, key=key, bind=BIND, help=help,
                                                placeholder=placeholder))


def seed(key: str = "seed", default: int = 0) -> int:
    """The random seed every page offers: same seed, same picture.

    A float input shown without decimals, not an int one: Streamlit's whole-number input turns a link's
    `?seed=inf` into int(inf) and raises before it checks the range; the float input drops it to the default.
    """
    if stage.peeking():
        return int(round(stage.peeked(key)))
    _bound(key, float(default))
    with stage.place(key, "Random seed"):
        value = st.number_input("Random seed", min_value=0.0, max_value=10_000.0, value=float(default), step=1.0,
                                format="%.0f", key=key, bind=BIND,
                                help="The same seed always draws the same random numbers.")
    return _noted(key, "Random seed", int(round(value)))


def set_values(**values) -> None:
    """Callback body for preset buttons: put values into the bound widgets (and so the URL)."""
    for k, v in values.items():
        st.session_state[k] = v
