"""AppTest for the classroom stage (ui/stage.py): presentation mode, class links that show only some controls,
examples stepped with the keyboard, and every chart restyled for a projector."""

from __future__ import annotations

import pytest

from tests.apptest import charts, open_page
from ui import figures
from ui.site import BY_URL, GLOBAL_PARAMS, PAGES
from ui.stage import HIDDEN, NEXT_KEY, PRESENT, PREV_KEY, SHOW, class_link

STAGES = ["chain", "activations", "bptt", "deep", "training"]


def elements(at) -> list[tuple[object, bool]]:
    """Every node of the page, with whether it sits inside a container the page's style hides."""
    found: list[tuple[object, bool]] = []

    def walk(node, hidden: bool) -> None:
        for child in getattr(node, "children", {}).values():
            inside = hidden or HIDDEN in str(getattr(getattr(child, "proto", None), "id", ""))
            found.append((child, inside))
            walk(child, inside)

    walk(at._tree, False)
    return found


def hidden_keys(at) -> set[str]:
    """The widget keys drawn inside a container a `show` link (or presentation mode) hides."""
    return {e.key for e, hidden in elements(at) if hidden and getattr(e, "key", None) and HIDDEN not in e.key}


def visible_markdown(at) -> str:
    return "\n".join(str(e.value) for e, hidden in elements(at) if not hidden and type(e).__name__ == "Markdown")


def labels(at) -> list[str]:
    return [e.label for e in at.expander]


def test_present_is_global_and_show_is_per_page():
    assert PRESENT in GLOBAL_PARAMS and SHOW not in GLOBAL_PARAMS
    assert all(SHOW in p.params for p in PAGES)


@pytest.mark.parametrize("url", STAGES)
def test_presentation_mode_from_the_url(url):
    at = open_page(url, present="true")
    assert not at.exception
    assert at.toggle(key=PRESENT).value is True
    assert "The maths" not in labels(at)  # built, but hidden
    assert "About this page" not in visible_markdown(at)  # built, but hidden
    for c in charts(at):
        lay = c["layout"]
        assert lay["font"]["size"] >= figures.PRESENT_TEXT
        assert lay["xaxis"]["tickfont"]["size"] >= figures.PRESENT_TEXT
        for note in lay.get("annotations", []):
            assert note["font"]["size"] >= figures.PRESENT_TEXT
        for shape in lay.get("shapes", []):  # bands stay without an outline; lines get wider
            width = shape.get("line", {}).get("width")
            assert width is None or width == 0 or width >= figures.PRESENT_LINE - 1, (url, shape)
        if url == "activations":
            assert any(s.get("line", {}).get("width") == 0 for s in lay.get("shapes", [])), "the flat bands"
        for t in c["data"]:
            if t.get("type") == "scatter" and "lines" in t.get("mode", "lines") and "line" in t:
                assert t["line"]["width"] >= figures.PRESENT_LINE, (url, t.get("name"))


@pytest.mark.parametrize("url", ["chain", "bptt", "deep"])
def test_presenting_keeps_the_in_chart_sweep_with_projector_text(url):
    desk, room = charts(open_page(url))[0], charts(open_page(url, present="true"))[0]
    assert desk.get("frames") and desk["layout"].get("sliders")
    assert len(room["frames"]) == len(desk["frames"]) and room["frames"][0] == desk["frames"][0]
    slider = room["layout"]["sliders"][0]
    assert min(slider["font"]["size"], slider["currentvalue"]["font"]["size"]) >= figures.PRESENT_TEXT
    lay = room["layout"]
    assert lay["height"] - lay["margin"]["t"] - lay["margin"]["b"] >= 150  # the rail leaves the plot room to read


@pytest.mark.parametrize("url", STAGES)
def test_desk_mode_keeps_the_prose_and_the_maths(url):
    at = open_page(url)
    assert not at.exception and at.toggle(key=PRESENT).value is False
    assert "The maths" in labels(at)
    assert "About this page" in visible_markdown(at)
    assert all(c["layout"]["font"]["size"] < figures.PRESENT_TEXT for c in charts(at))


def test_presentation_mode_survives_a_page_switch_and_show_does_not():
    at = open_page("bptt", present="true", show=["scale"], steps="80")
    assert hidden_keys(at) and "scale" not in hidden_keys(at)
    at.switch_page(BY_URL["deep"].file).run()
    assert not at.exception
    assert at.toggle(key=PRESENT).value is True
    assert SHOW not in at.query_params and "steps" not in at.query_params
    assert hidden_keys(at) == set()  # every control of /deep shows
    assert "The maths" not in labels(at)


def test_switching_presentation_mode_on_then_moving_pages_keeps_it():
    at = open_page("chain")
    at.toggle(key=PRESENT).set_value(True).run()
    at.switch_page(BY_URL["activations"].file).run()
    assert not at.exception and at.toggle(key=PRESENT).value is True
    assert "The maths" not in labels(at)


def test_show_hides_the_other_controls_but_keeps_their_url_values():
    at = open_page("bptt", show=["scale", "act"], steps="80", hidden="64", scale="1.1", act="relu")
    assert not at.exception
    hidden = hidden_keys(at)
    assert {"steps", "hidden", "cells", "init", "inp", "fb", "seed", "clip", "lr"} <= hidden
    assert not {"scale", "act"} & hidden
    assert at.slider(key="steps").value == 80 and at.slider(key="hidden").value == 64  # hidden, still bound
    assert at.select_slider(key="scale").value == 1.1 and at.selectbox(key="act").value == "relu"
    assert SHOW in at.query_params
    at.select_slider(key="scale").set_value(0.9).run()  # moving a shown control keeps the hidden ones
    assert not at.exception and at.slider(key="steps").value == 80 and hidden_keys(at) == hidden


def test_without_show_nothing_is_hidden():
    assert hidden_keys(open_page("deep")) == set()


def test_the_class_link_lists_the_ticked_controls():
    at = open_page("chain", depth="50")
    assert not at.exception
    code = [c.value for c in at.code]
    assert code and "/chain" in code[-1] and "show=depth" in code[-1] and "depth=50" in code[-1]
    at.checkbox(key="vgl_link_chain_weight").uncheck().run()
    link = at.code[-1].value
    assert "show=weight" not in link and "show=depth" in link


def test_class_link_builds_a_list_the_way_streamlit_writes_one():
    link = class_link("bptt", {"scale": "Weight scale", "act": "Activation", "steps": "Time steps"},
                      ["act", "scale"], {"steps": ["80"], SHOW: ["old"], "cells": ["rnn", "lstm"]},
                      "http://host:8501/bptt")
    assert link == "http://host:8501/bptt?steps=80&cells=rnn&cells=lstm&show=scale&show=act"
    assert class_link("deep", {"depth": "Depth"}, [], {}, None) == "/deep"
    assert class_link("deep", {"depth": "Depth"}, ["depth"], {PRESENT: ["true"], "depth": ["40"]},
                      None) == "/deep?depth=40&show=depth"  # the students' screens are not the projector


def test_the_keyboard_steps_through_the_examples_when_presenting():
    at = open_page("bptt", present="true")
    nxt, prev = at.button(key="vgl_next"), at.button(key="vgl_prev")
    assert nxt.proto.shortcut.lower() == NEXT_KEY.lower() and prev.proto.shortcut.lower() == PREV_KEY.lower()
    nxt.click().run()
    assert at.select_slider(key="scale").value == 0.9 and at.selectbox(key="act").value == "tanh"  # example 1
    at.button(key="vgl_next").click().run()
    assert at.select_slider(key="scale").value == 1.1 and at.selectbox(key="act").value == "relu"  # example 2
    at.button(key="vgl_prev").click().run()
    assert at.select_slider(key="scale").value == 0.9
    assert any(NEXT_KEY in str(m.value) for m in list(at.sidebar.markdown) + list(at.sidebar.caption))


def examples_menu(at):
    """The presenting lead row's menu of examples: its label and the buttons inside it."""
    blocks = [e for e, _ in elements(at) if getattr(e, "type", None) == "popover"]
    assert len(blocks) == 1, "one menu of examples"
    menu = blocks[0]
    return menu.proto.popover.label, [c for c in menu.children.values() if type(c).__name__ == "Button"]


def test_presenting_keeps_the_examples_in_a_menu_named_after_the_one_shown():
    at = open_page("bptt", present="true")
    label, buttons = examples_menu(at)
    assert label == "Examples (4)"
    assert [b.label for b in buttons] == ["🫥 tanh vanishes", "💥 ReLU + identity explodes", "📏 Exactly balanced",
                                          "🧠 RNN vs LSTM vs GRU"]
    buttons[1].click().run()
    assert at.select_slider(key="scale").value == 1.1 and at.selectbox(key="act").value == "relu"
    label, buttons = examples_menu(at)
    assert label == "💥 ReLU + identity explodes (2 of 4)" and buttons[1].proto.type == "primary"
    at.button(key="vgl_next").click().run()
    assert examples_menu(at)[0] == "📏 Exactly balanced (3 of 4)"
    assert at.selectbox(key="act").value == "identity"


def test_no_next_example_button_at_a_desk():
    at = open_page("bptt")
    assert not [b for b in at.button if b.key in ("vgl_next", "vgl_prev")]


# ------------------------------------------------------------------ a stage's chart first: reading its controls


def peek_script():
    """A page whose controls are read without drawing them (ui/stage.peek), as a stage's own rerun does, then drawn."""
    import streamlit as st

    from ui import stage, widgets

    def controls(board):
        with board.main:
            return (widgets.slider("Depth", "depth", 1, 100, 20), widgets.select("Act", "act", ["a", "b"], "a"),
                    widgets.multiselect("Cells", "cells", ["x", "y"], ["x"]), widgets.toggle("On", "on"),
                    widgets.seed())

    board = stage.Stage()
    st.session_state["peeked"] = stage.peek(controls, board)
    st.session_state["drawn"] = controls(board)


def test_peeking_reads_each_control_from_its_state_and_draws_nothing():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(peek_script)
    at.run()
    assert not at.exception
    assert at.session_state["peeked"] is None  # the first run: no control has a state to read yet
    assert at.session_state["drawn"] == (20, "a", ["x"], False, 0)
    at.slider("depth").set_value(77)
    at.selectbox("act").set_value("b")
    at.number_input("seed").set_value(4.6)  # the seed box holds a float; the page gets a whole number, as when drawn
    at.run()
    assert not at.exception
    assert at.session_state["peeked"] == at.session_state["drawn"] == (77, "b", ["x"], False, 5)
    assert len(at.slider) == 1 and len(at.selectbox) == 1 and len(at.number_input) == 1  # drawn once only


@pytest.mark.parametrize("page", ["chain", "activations", "bptt", "deep"])
def test_a_stage_draws_its_chart_in_one_place_on_a_whole_page_run(page):
    at = open_page(page)
    assert not at.exception
    keys = [c.proto.id for c in at.get("plotly_chart")]
    assert len(keys) == len(set(keys))
