"""The one table of the app's pages: URL path, title, icon, section, one-line blurb and the URL keys each reads.

`app.py` builds the navigation from it, the home page its cards, the tests and benchmarks their page lists.
Adding a page is one row here plus its own files (`pages/<url>.py`, `pages/<url>.md`).

The `params` column is the page's own URL keys (tensorflow/playground's `state.ts` idea): a page reads only
these, and `arrive()` keeps every other page's keys out of it. Names are contracts: shared links use them.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ui import links


@dataclass(frozen=True)
class PageSpec:
    url: str  # URL path ("" is not used: home is "home" and the default page)
    title: str
    icon: str
    section: str
    blurb: str  # one line for the home page's card
    controls: tuple[str, ...] = ()  # the URL keys of the page's own controls

    @property
    def params(self) -> tuple[str, ...]:
        """Every URL key this page reads: its controls', then those each page has of its own (PAGE_PARAMS)."""
        return self.controls + PAGE_PARAMS

    @property
    def file(self) -> str:
        return f"pages/{self.url}.py"


SHOW = "show"  # URL key listing the controls a class link keeps visible on its page (read by ui/stage.py)
PAGE_PARAMS: tuple[str, ...] = (SHOW,)  # URL keys every page has, each with its own value (a link's page only)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "Why gradients vanish", "🏠", "Start here", "The story in plain words, and where to go next."),
    PageSpec("tour", "Guided tour", "🧭", "Start here",
             "The whole story in ten steps: guess first, then see the real chart. A teacher can send one step.",
             ("step",)),
    PageSpec("chain", "The chain of derivatives", "⛓️", "The idea",
             "Multiply one slope per layer and watch the product vanish, or explode. Start here.",
             ("source", "factors", "act", "depth", "weight", "spread", "center", "seed")),
    PageSpec("activations", "Activation functions", "〰️", "The idea",
             "Sigmoid, tanh, ReLU and friends, with their slopes: where is each one flat?",
             ("fn", "span", "leak", "pslope", "alpha", "compare")),
    PageSpec("bptt", "Backpropagation through time", "🔁", "See it happen",
             "A recurrent network's gradient travelling back through time, step by step: plain RNN, LSTM, GRU, "
             "clipping.",
             ("steps", "hidden", "scale", "act", "init", "inp", "cells", "fb", "seed", "clip", "lr", "skip")),
    PageSpec("deep", "Deep networks", "🧱", "See it happen",
             "Gradient flow layer by layer under depth, activation, initialisation, batch norm and skip connections.",
             ("lr", "depth", "width", "act", "init", "scale", "seed", "bn", "skip", "fix")),
    PageSpec("training", "Training: who remembers?", "🏋️", "See it happen",
             "Real training runs: which networks learn to remember something from long ago, and which never do.",
             ("task", "len", "models", "hidden", "lr", "steps", "clip", "clipat", "seed")),
    PageSpec("remedies", "What fixes it", "🩹", "Take it further",
             "Every remedy the articles name, measured before and after, with a link to see it."),
    PageSpec("glossary", "Glossary", "📖", "Take it further", "Every word explained in plain language."),
)
BY_URL = {p.url: p for p in PAGES}
HOME = PAGES[0]
GLOBAL_PARAMS: tuple[str, ...] = ("present",)  # URL keys every page keeps: presentation mode (ui/stage.py)
ALL_PARAMS = frozenset(k for p in PAGES for k in p.params)
_LAST_PAGE = "vgl_page"  # session-state key: the page this session ran last
_SAVED = "vgl_saved"  # session-state key: {page: its widget values when the session left it}


def navigation() -> dict[str, list]:
    """`st.navigation`'s argument: the pages by section, in table order."""
    sections: dict[str, list] = {}
    for p in PAGES:
        sections.setdefault(p.section, []).append(
            st.Page(p.file, title=p.title, icon=p.icon, url_path=p.url, default=p is HOME))
    return sections


def current() -> str:
    """The page this session is running (set by `arrive`; home before any page ran)."""
    return st.session_state.get(_LAST_PAGE, HOME.url)


def foreign_params(url: str, present: list[str], switched: bool) -> list[str]:
    """The URL keys a page must drop on arrival.

    A fresh visit (a shared link, a reload) keeps the page's own keys; a switch from another page in the same
    session keeps none but the global ones, because every value then came from the page just left.
    """
    own = set(GLOBAL_PARAMS) | (set() if switched else set(BY_URL[url].params if url in BY_URL else ()))
    return [k for k in present if k not in own]


def arrive(url: str) -> None:
    """Call in the router before the page runs: the page then sees only its own settings.

    Widget keys are URL keys, and several pages use the same ones (`lr`, `steps`, `clip`, `depth`…) with other
    meanings; Streamlit keeps a widget's session value across a page switch and writes it back into the URL,
    so /bptt's clipping threshold would land in /training's clip toggle. On a switch we forget every page's
    widget values and drop foreign URL keys. Coming back to a page this session left restores what it showed, and
    spells it into the address (Streamlit writes a bound control's URL value only when the user moves it), so a
    link copied then reopens the view on screen.
    """
    state = st.session_state
    last = state.get(_LAST_PAGE)
    switched = last is not None and last != url
    state[_LAST_PAGE] = url
    restored: dict = {}  # what this page showed when the session left it (nothing on a fresh visit)
    if switched:
        saved = state.setdefault(_SAVED, {})
        if last in BY_URL:
            saved[last] = {k: state[k] for k in BY_URL[last].params if k in state}
        for key in ALL_PARAMS - set(GLOBAL_PARAMS):
            if key in state:
                del state[key]
        restored = saved.get(url, {})
        for key, value in restored.items():
            state[key] = value
    for key in foreign_params(url, list(st.query_params.keys()), switched):
        try:
            del st.query_params[key]
        except Exception:  # noqa: BLE001 - still bound to the old page's widget: Streamlit drops it itself
            pass
    for key, value in restored.items():  # choices write their own keys as the page runs (ui/widgets)
        if (url, key) in links.BOUND and value != links.BOUND[(url, key)]:
            try:
                st.query_params[key] = links.url_value(url, key, value)
            except Exception:  # noqa: BLE001 - the page just left binds the same key (/training's `steps`)
                pass  # Streamlit refuses then; the value is still restored, the address lacks it
