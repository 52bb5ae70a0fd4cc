"""The classroom stage: a page's main controls and its main chart on one projected screen.

Three things every exploratory page shares:

- `Stage`: where the controls and the main chart go. At a desk, a narrow left column of main controls (a
  "More settings" expander under them) beside the chart; in presentation mode, the main controls in one row
  above a chart as wide as the screen, the secondary settings below it.
- Presentation mode (`?present=true`, a sidebar switch kept across pages): big chart text (`ui/figures.show`
  restyles every chart), long prose and the maths hidden, presets kept and stepped with Page Down / Page Up.
- `?show=scale&show=act`: a link for a class that keeps only those controls visible. The others are still
  created with their URL values, inside a container the page's style hides, so the link's settings hold.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any, TypeVar
from urllib.parse import urlencode

import streamlit as st

from ui import site, text

PRESENT = "present"  # URL key of the presentation switch (global: every page keeps it)
SHOW = site.SHOW  # URL key listing the controls a class link keeps visible (per page)
HIDDEN = "vgl_hidden_"  # container key prefix for controls a `show` link hides
_CONTROLS = "vgl_controls"  # session-state key: {URL key: label} of the controls this run drew
_COUNT = "vgl_hidden_n"  # session-state key: hidden blocks drawn in this run (their containers' keys)
_PRESET = "vgl_preset"  # session-state key: {page: index of the preset last applied by the keyboard}
_MENU = "vgl_examples"  # widget key of the presenting menu of examples (its state: open or closed)
_DRAWN = "vgl_stage_drawn"  # session-state key: {page: the stage's settings the whole page was last drawn from}
_NO_PEEK = "vgl_stage_no_peek"  # session-state key: its next own rerun draws the controls before the chart
# True while a stage reads its controls' values without drawing them (first()); per script thread, so one
# session's redraw never changes another's.
_PEEK: ContextVar[bool] = ContextVar("vgl_stage_peek", default=False)
# How long a stage that has just redrawn alone leaves the browser to it before asking for the whole page. A browser
# draws each changed chart twice (Streamlit 1.67 mounts it hidden, then draws it again at its measured width), on one
# main thread: when the whole page's messages arrive meanwhile (on /bptt four more charts and about 90 elements),
# the stage's chart waits behind them. With 0.02 s, /bptt's stage chart came in 1.88–2.13× the bare page's time
# (three runs, benchmarks/redraw.py); with 0.1 s in 1.33–1.70× (five), the charts below the stage some 50–80 ms
# later. A new press during the wait ends it, so a held key or a run of presses redraws the stage alone until it
# stops. (The wait also lets Streamlit send what the stage drew: a new run drops what is still unsent.)
LEAD_S = 0.1
NEXT_KEY, PREV_KEY = "PageDown", "PageUp"  # what a presenter's clicker sends
# Hidden blocks take no room; the page starts near the top (Streamlit's own top padding is ~110 px), under a
# see-through header, so the stage keeps the window's height: at 1280×720 its first chart ends inside the window.
# Narrow windows keep more room on top, where the header's button to open the sidebar sits above the title.
# The header lies over the page's first row, so only its own buttons and links take clicks (with the sidebar
# folded away, its toolbar spans the whole width and took the clicks meant for the examples under it).
STYLE = (f"<style>[class*='st-key-{HIDDEN}']{{display:none !important}}"
         "[data-testid=stMainBlockContainer]{padding-top:3rem !important}"
         "@media (min-width:800px){[data-testid=stMainBlockContainer]{padding-top:1.5rem !important}}"
         "[data-testid=stHeader]{background:transparent}"
         "[data-testid=stHeader],[data-testid=stHeader] *{pointer-events:none}"
         "[data-testid=stHeader] :is(button,a,[role=button]){pointer-events:auto}</style>")
TRUE = ("true", "True", "1")
T = TypeVar("T", bound=tuple)
C = TypeVar("C", bound=tuple)
R = TypeVar("R")


def url_flag(value: object) -> bool:
    """A URL toggle's value as Streamlit's binding writes it (`true`/`True`)."""
    return str(value) in TRUE


def presenting() -> bool:
    """True in presentation mode: the sidebar switch's value, else the URL's (before the switch is drawn)."""
    if PRESENT in st.session_state:
        return bool(st.session_state[PRESENT])
    return url_flag(st.query_params.get(PRESENT, ""))


def shown() -> list[str] | None:
    """The control keys a class link keeps visible, or None when the URL has no `show` (every control shows)."""
    keys = st.query_params.get_all(SHOW)
    return [k for k in keys if k] or None


def start_run() -> None:
    """Call in the router before each page runs: forget last run's control list, add the hiding style."""
    st.session_state[_CONTROLS] = {}
    st.session_state[_COUNT] = 0
    st.html(STYLE)


def controls() -> dict[str, str]:
    """The URL-bound controls the page drew in this run, {URL key: label}, in drawing order."""
    return dict(st.session_state.get(_CONTROLS, {}))


def place(key: str, label: str):
    """Where a URL-bound control goes: here, or inside a hidden container when a class link leaves it out."""
    st.session_state.setdefault(_CONTROLS, {})[key] = label
    keep = shown()
    if keep is None or key in keep:
        return nullcontext()
    return st.container(key=f"{HIDDEN}{key}")


class Stage:
    """The page's stage: `main` (its main controls), `more` (secondary settings; None on a page without any, which
    then shows no empty "More settings") and `chart` (the main chart)."""

    def __init__(self, *, ratio: float = 0.28, more: bool = True):
        if presenting():
            self.main = st.container(horizontal=True, gap="medium", key="vgl_stage_main")
            self.chart = st.container(key="vgl_stage_chart")
            self.more = st.expander("More settings") if more else None
        else:
            left, right = st.columns([ratio, 1 - ratio], gap="medium")
            self.main = left.container(key="vgl_stage_main")
            self.more = left.expander("More settings") if more else None
            self.chart = right.container(key="vgl_stage_chart")


class NotYet(LookupError):
    """A control read during a peek (peeked) has no value yet: the stage draws its controls first this time."""


def peeking() -> bool:
    """True while the stage reads its controls' values without drawing them (ui/widgets then returns peeked(key))."""
    return _PEEK.get()


def peeked(key: str) -> Any:
    """A control's value as its widget holds it in session state, read without drawing it; NotYet if it has none."""
    if key not in st.session_state:
        raise NotYet(key)
    return st.session_state[key]


def first(page: str, controls: Callable[[Stage], C], show: Callable[[Any, C], T], *, more: bool = True) -> T:
    """Draw the stage: `controls(board)` draws the page's controls into board.main and board.more (widgets only) and
    returns what they are set to as a tuple (a NamedTuple say); `show(chart, settings)` draws the main chart, its
    verdict and numbers into the container `chart`, and returns the settings the rest of the page then uses.

    The stage runs as a fragment: moving one of its controls reruns it alone, so the chart the class is watching is
    redrawn without waiting for the charts below the fold, which would otherwise reach the browser right behind it
    and share its time. On such a rerun the chart even goes first: the controls' values are read from their widgets'
    state without drawing them (peeking), the chart is drawn from them, and only then the controls, which look as
    they did (the browser then mounts the chart before it re-renders some twenty controls and captions: /chain's
    chart came about 10 ms sooner, ~0.1 of the bare page's time, in two A/B runs of 20 presses). If the drawn
    controls disagree with what was read, the stage redraws once the plain way. Once the browser has had LEAD_S to
    draw the stage, the whole page reruns and what lies below catches up with the new settings. On a whole-page run
    the stage simply draws its controls, then its chart."""

    def stage_alone(own_rerun: bool) -> T:
        board = Stage(more=more)
        # The chart's place, whichever is drawn first. A container, not st.empty: a container drawn again keeps its
        # old content on screen until the new replaces it, where an emptied slot lost the chart while the controls
        # were drawn before it (a whole-page run), so the main chart vanished for a moment after every press.
        slot = board.chart.container()
        early = peek(controls, board) if own_rerun and not st.session_state.pop(_NO_PEEK, False) else None
        if early is not None:
            shown = show(slot, early)
        settings = controls(board)
        if early is None:
            shown = show(slot, settings)
        elif settings != early:  # a control corrected what it held: the plain way, once (never twice in one run)
            st.session_state[_NO_PEEK] = True
            st.rerun(scope="fragment")
        return shown

    # the whole page catches up only when the stage now shows other settings than it was last drawn from
    shown = _fragment(stage_alone, lambda shown: st.session_state.get(_DRAWN, {}).get(page) != tuple(shown))
    st.session_state.setdefault(_DRAWN, {})[page] = tuple(shown)  # plain values: session state stays picklable
    return shown


def catch_up() -> None:
    """After a fragment's own rerun: leave the browser LEAD_S to draw what it sent, then rerun the whole page, so what
    lies outside the fragment (the charts below a stage, the sidebar's view file and class link) catches up."""
    time.sleep(LEAD_S)
    st.rerun()


def alone(draw: Callable[[], None]) -> None:
    """Draw `draw()` as a fragment: a widget inside it reruns it alone, and the whole page catches up after
    (catch_up). For a page whose every control redraws most of it (the tour): its own rerun skips the app's
    navigation and sidebar, which a whole-page run sends and the browser renders again first."""
    _fragment(lambda own_rerun: draw(), lambda _: True)


def _fragment(draw: Callable[[bool], R], behind: Callable[[R], bool]) -> R:
    """Run `draw(own_rerun)` as a fragment (first() and alone()): own_rerun is True when a widget inside it reran it
    alone; then, if `behind(what it returned)`, the whole page catches up (catch_up)."""
    whole_run = {"now": True}  # read by the fragment's own reruns, which call this closure after this run is over

    @st.fragment
    def drawn_alone() -> R:
        result = draw(not whole_run["now"])
        if not whole_run["now"] and behind(result):
            catch_up()
        return result

    result = drawn_alone()
    whole_run["now"] = False
    return result


def peek(controls: Callable[[Stage], C], board: Stage) -> C | None:
    """What `controls` would return, read from the widgets' state without drawing them; None if one has no state."""
    token = _PEEK.set(True)
    try:
        return controls(board)
    except NotYet:
        return None
    finally:
        _PEEK.reset(token)


@contextmanager
def prose() -> Iterator[None]:
    """A block of longer text: drawn at a desk, left out in presentation mode (the room reads the chart)."""
    with (st.container(key=f"{HIDDEN}prose_{_counter()}") if presenting() else nullcontext()):
        yield


def maths(label: str = "The maths"):
    """The maths expander; in presentation mode its content is still built but hidden."""
    if presenting():
        return st.container(key=f"{HIDDEN}maths_{_counter()}")
    return st.expander(label)


def _counter() -> int:
    n = st.session_state[_COUNT] = st.session_state.get(_COUNT, 0) + 1
    return n


def lead(page: str, examples: Mapping[str, Mapping] | None = None, apply=None) -> None:
    """All that comes above the stage: the page's title, its one-line lead (the page table's blurb), its examples.

    `apply(**values)` puts one example's values into the bound widgets (a button callback). Presenting, the title
    and the examples share one row, the examples between "previous" and "next" (a clicker's Page Up / Page Down).
    """
    spec, names = site.BY_URL[page], list(examples or {})
    title = f"{spec.icon} {spec.title}"
    if not presenting():
        st.markdown(f"### {title}")
        st.caption(spec.blurb)
        if names:
            for i, (col, name) in enumerate(zip(st.columns(len(names)), names, strict=True)):
                col.button(name, on_click=_pick, args=(page, i, examples[name], apply), width="stretch")
        return
    row = st.container(horizontal=True, vertical_alignment="center", key="vgl_lead")
    row.markdown(f"#### {title}", width="content")
    if not names:
        return
    row.button("◀", shortcut=PREV_KEY, on_click=_step, args=(page, names, examples, apply, -1),
               help="Previous example", key="vgl_prev")
    now = st.session_state.get(_PRESET, {}).get(page)
    # One row at 1280×720: the room reads the example on screen; the others wait in a menu (a row of every example
    # wrapped to a second line and took that height from the chart).
    shown_now = f"{names[now]} ({now + 1} of {len(names)})" if now is not None else f"Examples ({len(names)})"
    with row.popover(shown_now, help="Every example of this page: pick one, or step with ◀ / ▶", key=_MENU,
                     on_change="rerun"):  # tracked, so picking an example can close it (_pick)
        for i, name in enumerate(names):
            st.button(name, on_click=_pick, args=(page, i, examples[name], apply), width="stretch",
                      type="primary" if i == now else "secondary")
    row.button("▶", shortcut=NEXT_KEY, on_click=_step, args=(page, names, examples, apply, 1),
               help="Next example", key="vgl_next")


def _pick(page: str, i: int, values: Mapping, apply) -> None:
    st.session_state.setdefault(_PRESET, {})[page] = i
    if _MENU in st.session_state:  # presenting: the menu closes, and the chart it covered shows the example
        st.session_state[_MENU] = False
    apply(**values)


def _step(page: str, names: list[str], examples: Mapping, apply, step: int) -> None:
    i = st.session_state.get(_PRESET, {}).get(page)
    i = (0 if step > 0 else len(names) - 1) if i is None else (i + step) % len(names)
    _pick(page, i, examples[names[i]], apply)


def class_link(page: str, labels: Mapping[str, str], picked: list[str], params: Mapping[str, list[str]],
               base: str | None) -> str:
    """The address of this page with its current settings and `show` listing the picked controls. Presentation
    mode stays with the teacher: students open the link on their own screens, phones too, where projector-sized
    chart text would not fit."""
    query = [(k, v) for k, vs in params.items() if k not in (SHOW, PRESENT) for v in vs]
    query += [(SHOW, k) for k in labels if k in picked]
    root = (base or "").rstrip("/")
    root = root if root.endswith(f"/{page}") else f"{root}/{page}"
    return root + ("?" + urlencode(query) if query else "")


def sidebar(page: str) -> None:
    """The sidebar's classroom tools: the presentation switch's key help and the "Link for my class" builder."""
    if presenting():
        st.caption(f"Presenting: press **{NEXT_KEY}** / **{PREV_KEY}** (or a clicker) for the next / previous example.")
    labels = controls()
    if not labels:
        return
    with st.expander("Link for my class"):
        st.caption("Tick the controls your students should see; the others keep this page's values but are hidden.")
        keep = shown()
        picked = [k for k, label in labels.items()
                  if st.checkbox(label, value=keep is None or k in keep, key=f"vgl_link_{page}_{k}")]
        params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
        st.code(class_link(page, labels, picked, params, st.context.url), language=None, wrap_lines=True)



def intro(page: str) -> None:
    """The page's longer introduction, below the stage (its title already heads the page); hidden when presenting."""
    body = "\n".join(line for line in text.prose(page, "intro").splitlines() if not line.startswith("# "))
    with prose():
        st.markdown(f"#### About this page\n{body.strip()}")
