"""Bad input, everywhere: every control of every page at its extremes and in random combinations, and hand-edited
or fuzzed URLs on every page and across page switches. Nothing may raise (no exception element, and none of our
own "Something went wrong" sentences: a caught crash is still a crash) and no chart may carry NaN or Infinity.

Hypothesis keeps `max_examples` small so the file runs in about two minutes; a failure prints the example.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.apptest import bound, no_nan_in_charts, open_page, raw_options
from ui.site import ALL_PARAMS, BY_URL, PAGES

URLS = [p.url for p in PAGES]
# What a person might type into /chain's factor box.
TEXTS = ["", "   ", "abc", "nan", "inf -inf", "1e999", "0", "0 0 0", "1e-320 1e-320", "-5 3 nan", "1,2;3×4 × 5",
         "9" * 400, "💥", "<b>0.5</b>", "0.5 " * 500, "-0", "1e308 1e308 1e308"]
# What a hand-edited or mangled link might carry as a value.
URL_VALUES = ["", "nan", "NaN", "inf", "-inf", "1e999", "-1e999", "-1", "0", "1e-320", "999999999999", "abc",
              "True", "true", "false", "[1,2]", "💥", "<script>alert(1)</script>", "%00", "x" * 2000, "0.5", "1.0",
              "3", "50", "500", "tanh", "relu", "lstm", "he", "Sigmoid", "0.01"]


def few(n: int) -> settings:
    """n examples, no per-example deadline (a page run takes about a second)."""
    return settings(max_examples=n, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def healthy(at, where) -> None:
    """The page ran: no exception element, no caught-crash sentence, no NaN or Infinity in any chart."""
    assert not at.exception, (where, [e.value for e in at.exception])
    caught = [e.value for e in at.error if "Something went wrong" in e.value]
    assert not caught, (where, caught)
    assert no_nan_in_charts(at), where


def kind(w) -> str:
    return type(w).__name__


def extremes(w) -> list:
    """A control's ends, heavy end first (sliders stay at the cheap end); every choice; things people type."""
    k = kind(w)
    if k == "Toggle":
        return [not w.value, w.value]
    if k in ("Slider", "NumberInput"):
        return [w.max, w.min]
    if k in ("Selectbox", "Radio", "SelectSlider"):
        opts = raw_options(w)
        return opts if k != "SelectSlider" else [opts[-1], opts[0]]
    if k == "Multiselect":
        return [raw_options(w), []]
    if k == "TextInput":
        return TEXTS
    raise AssertionError(f"no extremes for {k}")


def values_of(w) -> st.SearchStrategy:
    """Any value a person could give the control, ends included."""
    k = kind(w)
    if k == "Toggle":
        return st.booleans()
    if k in ("Slider", "NumberInput"):
        step = w.step or 1
        n = int(round((w.max - w.min) / step))
        snap = (lambda i: w.min + i * step) if isinstance(w.min, int) else (lambda i: round(w.min + i * step, 10))
        return st.one_of(st.sampled_from([w.min, w.max]), st.integers(0, n).map(snap).map(lambda v: min(v, w.max)))
    if k in ("Selectbox", "Radio", "SelectSlider"):
        return st.sampled_from(raw_options(w))
    if k == "Multiselect":
        return st.lists(st.sampled_from(raw_options(w)), unique=True, max_size=len(raw_options(w)))
    if k == "TextInput":
        return st.one_of(st.sampled_from(TEXTS), st.text(max_size=40))
    raise AssertionError(f"no values for {k}")


def sweep(at, url: str, key: str, swept: set[str]) -> None:
    """Drive one control through its extremes; a control that a value reveals is swept right there. A choice goes
    back to where it was (it may hide other controls), a slider stays at its cheap end."""
    if key not in bound(at):  # hidden by a control swept before it
        return
    swept.add(key)
    start = bound(at)[key].value
    for v in extremes(bound(at)[key]):
        bound(at)[key].set_value(v)
        at.run()
        healthy(at, (url, key, v))
        for new in sorted(set(bound(at)) - swept):
            sweep(at, url, new, swept)
    if kind(bound(at)[key]) in ("Selectbox", "Radio", "Toggle"):
        bound(at)[key].set_value(start)
        at.run()


# Start the two heavy pages small: each control still meets both its ends, once.
LIGHT = {"deep": {"width": 64, "depth": 5}, "bptt": {"hidden": 8}}


@pytest.mark.parametrize("url", URLS)
def test_every_control_at_its_extremes(url):
    """One control at a time to each end of its range, every choice of a drop-down, every text people type,
    until every control the page can show has been swept."""
    at = open_page(url, **LIGHT.get(url, {}))
    healthy(at, url)
    swept: set[str] = set()
    while pending := sorted(set(bound(at)) - swept):
        for key in pending:
            sweep(at, url, key, swept)
    controls = set(BY_URL[url].controls)  # not `show`: a class link's list, read by ui/stage.py
    assert swept == controls, f"never reached: {controls - swept}"


@pytest.mark.parametrize("url", URLS)
@few(4)
@given(data=st.data())
def test_random_combinations_of_every_control(url, data):
    """Every control on the page set at once to random values; then once more, for controls that appeared."""
    at = open_page(url)
    for _ in range(2):
        for key, w in sorted(bound(at).items()):
            w.set_value(data.draw(values_of(w), label=key))
        at.run()
        healthy(at, url)


def fuzzed_query() -> st.SearchStrategy:
    keys = st.sampled_from(sorted(ALL_PARAMS) + ["utm_source", "x", ""])
    value = st.one_of(st.sampled_from(URL_VALUES), st.text(max_size=20))
    return st.dictionaries(keys, st.one_of(value, st.lists(value, min_size=2, max_size=3)), max_size=6)


@pytest.mark.parametrize("url", URLS)
@few(6)
@given(query=fuzzed_query(), then=st.sampled_from(URLS))
def test_fuzzed_links_open_and_switch_cleanly(url, query, then):
    """A mangled link opens the page (bad values fall back to defaults), and moving on from it is clean too."""
    at = open_page(url, **query)
    healthy(at, (url, query))
    at.switch_page(BY_URL[then].file)
    at.run()
    healthy(at, (url, query, "→", then))


@pytest.mark.parametrize("url", URLS[1:])
def test_every_own_key_meets_every_bad_value(url):
    """Rotations of the list over the page's own keys: each key meets each hand-edited value once."""
    keys = BY_URL[url].params
    for shift in range(len(URL_VALUES)):
        query = {k: URL_VALUES[(shift + i) % len(URL_VALUES)] for i, k in enumerate(keys)}
        at = open_page(url, **query)
        healthy(at, (url, query))


@pytest.mark.parametrize("url", [p.url for p in PAGES if "seed" in p.params])
@pytest.mark.parametrize("value", ["inf", "-inf", "1e999"])
def test_an_infinite_seed_in_a_link_opens_the_default(url, value):
    """Found by the rotations above: Streamlit's whole-number input raised OverflowError on ?seed=inf."""
    at = open_page(url, seed=value)
    healthy(at, (url, value))
    assert bound(at)["seed"].value == 0
