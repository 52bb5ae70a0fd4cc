"""Moving between pages never carries one page's settings into another (issue: a room full of students).

For every ordered pair of pages (A, B): move every control on A off its default, go to B as the sidebar does,
and B must show exactly what a fresh visit to B shows, with no exception. Widget keys are URL keys and several
pages share names with other meanings (`lr`, `steps`, `clip`, `depth`, `act`…), which is how /bptt's clipping
threshold once crashed /training's clip toggle.
"""

from __future__ import annotations

import itertools

import pytest

from tests.apptest import ROOT, bound, open_page, raw_options
from ui.site import BY_URL, PAGES, foreign_params

URLS = [p.url for p in PAGES]


def values(at) -> dict:
    return {k: w.value for k, w in bound(at).items()}


def nudge(w) -> None:
    """Move one widget off its current value, to a neighbour (cheap settings: no heaviest redraws)."""
    kind = type(w).__name__
    if kind == "Toggle":
        w.set_value(not w.value)
    elif kind in ("Selectbox", "Radio", "SelectSlider"):
        opts = raw_options(w)
        i = opts.index(w.value)
        w.set_value(opts[i + 1] if i + 1 < len(opts) else opts[i - 1])
    elif kind in ("Slider", "NumberInput"):
        step = w.step or 1
        w.set_value(type(w.value)(w.value + step if w.value + step <= w.max else w.value - step))
    elif kind == "Multiselect":
        opts = raw_options(w)
        w.set_value([opts[-1]] if list(w.value) != [opts[-1]] else [opts[0]])
    elif kind == "TextInput":
        w.set_value("0.5 0.5")
    else:
        raise AssertionError(f"no nudge for {kind}")


def test_registry_lists_every_key_each_page_binds():
    """What a page binds at its defaults is in its row; every key in its row is bound somewhere in its source
    (some controls appear only for some choices, such as /chain's typed factors)."""
    for url in URLS:
        at = open_page(url)
        assert not at.exception, url
        assert set(bound(at)) <= set(BY_URL[url].params), url
        source = (ROOT / BY_URL[url].file).read_text()
        for key in BY_URL[url].controls:  # not `show`, which ui/stage.py reads on every page
            assert f'"{key}"' in source or key == "seed" and "widgets.seed()" in source, (url, key)


@pytest.mark.parametrize("a,b", list(itertools.permutations(URLS, 2)))
def test_switching_pages_keeps_each_page_to_its_own_settings(a, b):
    fresh_b = values(open_page(b))
    at = open_page(a)
    before = values(at)
    for key in list(before):
        if key in bound(at):  # a choice made earlier can hide a control (/chain's typed factors hide the seed)
            nudge(bound(at)[key])
            at.run()
            assert not at.exception, (a, key)
    moved = values(at)
    assert all(moved[k] != before[k] for k in before.keys() & moved.keys()), f"{a}: {before} → {moved}"
    at.switch_page(BY_URL[b].file)
    at.run()
    assert not at.exception, (a, b, [e.value for e in at.exception])
    assert values(at) == fresh_b, f"{a} → {b}"


def test_coming_back_restores_what_the_page_showed():
    at = open_page("bptt")
    bound(at)["steps"].set_value(80)
    at.run()
    at.switch_page(BY_URL["training"].file)
    at.run()
    at.switch_page(BY_URL["bptt"].file)
    at.run()
    assert not at.exception
    assert values(at)["steps"] == 80


def test_coming_back_spells_the_restored_settings_into_the_address():
    """Streamlit writes a bound slider's URL value only when it is moved: coming back, the app writes it, defaults
    left out, so a link copied then reopens the view on screen."""
    at = open_page("bptt")
    bound(at)["steps"].set_value(80)
    at.run()
    at.switch_page(BY_URL["chain"].file)
    at.run()
    assert "steps" not in at.query_params
    at.switch_page(BY_URL["bptt"].file)
    at.run()
    assert not at.exception and values(at)["steps"] == 80
    assert at.query_params.get("steps") in ("80", ["80"]) and "hidden" not in at.query_params


def test_a_fresh_link_keeps_only_its_own_keys():
    assert foreign_params("training", ["lr", "scale", "depth", "steps"], switched=False) == ["scale", "depth"]
    assert foreign_params("training", ["lr", "steps"], switched=True) == ["lr", "steps"]


def test_a_link_with_another_pages_keys_opens_the_defaults():
    fresh = values(open_page("training"))
    at = open_page("training", clip="0.01", scale="1.1", depth="50")
    assert not at.exception
    assert values(at) == fresh
