"""The guided tour: every step loads, Next/Back move one step, ?step=N opens step N, links carry the settings."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.apptest import charts, no_nan_in_charts, open_page, texts
from ui.site import BY_URL
from ui.tour_steps import COUNT, STEPS


def shown_step(at) -> int:
    line = next(m.value for m in at.markdown if m.value.startswith("**Step "))
    return int(line.split()[1])


def answer_guess(at):
    """Answer the step's question (its first option) if it asks one; return the radio or None."""
    radios = [r for r in at.radio if r.key and r.key.startswith("guess")]
    if radios:
        radios[0].set_value(radios[0].options[0]).run()
    return radios[0] if radios else None


@pytest.mark.parametrize("n", range(1, COUNT + 1))
def test_every_step_loads_and_draws_its_chart(n):
    at = open_page("tour", step=n)
    assert not at.exception
    assert shown_step(at) == n and f"Step {n} of {COUNT}" in texts(at)
    asked = answer_guess(at)
    assert not at.exception
    assert charts(at) and no_nan_in_charts(at), n
    if asked:  # one sentence compares the answer with a number measured now
        verdicts = [e.value for e in (*at.success, *at.warning)]
        assert len(verdicts) == 1 and "measured just now" in verdicts[0].lower()


def test_at_least_four_steps_ask_first_and_hide_the_chart_until_answered():
    asking = 0
    for n in range(1, COUNT + 1):
        at = open_page("tour", step=n)
        if any(r.key and r.key.startswith("guess") for r in at.radio):
            asking += 1
            assert not charts(at), f"step {n} shows its chart before the answer"
            assert "What to look at" not in texts(at), f"step {n} gives the answer away"
            assert [r.value for r in at.radio if r.key.startswith("guess")] == [None]  # no default answer
    assert asking >= 4


def test_just_show_me_reveals_without_an_answer():
    at = open_page("tour", step=5)
    at.button(key="skipbtn5").click().run()
    assert charts(at) and "Measured just now" in texts(at)


def test_next_and_back_move_one_step():
    at = open_page("tour", step=4)
    at.button(key="tour_next").click().run()
    assert shown_step(at) == 5
    at.button(key="tour_back").click().run()
    at.button(key="tour_back").click().run()
    assert shown_step(at) == 3 and not at.exception


def test_first_and_last_steps_disable_the_way_out():
    first, last = open_page("tour"), open_page("tour", step=COUNT)
    assert first.button(key="tour_back").disabled and not first.button(key="tour_next").disabled
    assert last.button(key="tour_next").disabled and not last.button(key="tour_back").disabled


@pytest.mark.parametrize("bad", ["0", "11", "-3", "abc", "4.5", ""])
def test_a_bad_step_opens_step_one(bad):
    at = open_page("tour", step=bad)
    assert not at.exception and shown_step(at) == 1


def bound_values(at, page: str) -> dict:
    """The page's own settings as its widgets hold them (widget key = URL key)."""
    return {k: at.session_state[k] for k in BY_URL[page].params if k in at.session_state}


@pytest.mark.parametrize("n", range(1, COUNT + 1))
def test_open_on_its_page_link_carries_the_steps_settings(n):
    step = STEPS[n - 1]
    at = open_page("tour", step=n)
    links = [m.value for m in at.markdown if "Open this on its page" in m.value]
    assert links == [f"[Open this on its page →]({step.link()})"]
    url = urlsplit(step.link())
    page = url.path.strip("/")
    query: dict[str, list[str]] = {}
    for k, v in parse_qsl(url.query):
        query.setdefault(k, []).append(v)
    assert set(query) <= set(BY_URL[page].params) and query, (page, query)
    target = open_page(page, **{k: v if len(v) > 1 or k in ("cells", "models", "compare") else v[0]
                                for k, v in query.items()})
    assert not target.exception
    got = bound_values(target, page)
    for key, want in step.settings.items():  # the page opens with exactly the step's settings
        assert got[key] == want or list(got[key]) == want, (page, key, got[key], want)


def test_the_norm_step_draws_both_fixes_in_one_chart_with_the_numbers_deep_computes():
    from core.deepnet import remedy_pair
    from ui import measure

    n = next(i for i, s in enumerate(STEPS, 1) if s.name == "norm")
    at = open_page("tour", step=n)
    assert not at.exception
    [chart] = charts(at)
    lines = [t for t in chart["data"] if t.get("showlegend") is not False]
    assert [t["name"] for t in lines] == ["without the fix", "with the fix"]  # the legend's key, no data of its own
    assert all(t["y"] == [None] for t in lines)
    s = STEPS[n - 1].settings
    panels = {}
    for fix, axis in (("batch_norm", "y"), ("residual", "y2")):
        without, with_fix = (measure.deep(c) for c in remedy_pair(measure.deep_config(s["act"], s["init"],
                                                                                        s["depth"]), fix))
        drawn = [t for t in chart["data"] if t.get("yaxis") == axis and t.get("showlegend") is False]
        assert [t["y"][0] for t in drawn] == pytest.approx([without.grad_norm[0], with_fix.grad_norm[0]], rel=1e-9)
        panels[fix] = drawn
    assert "batch norm" in panels["batch_norm"][1]["name"] and "skip" in panels["residual"][1]["name"]
    words = texts(at)
    assert "Batch norm:" in words and "Skip connections:" in words
