"""The handout: each chart's data as CSV with headers in words, and the view as one self-contained HTML file."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import plotly.graph_objects as go
import pytest

from core.activations import get_activation
from tests.apptest import charts as charts_of
from tests.apptest import open_page
from ui import activation_figures, figures, handout, links
from ui.site import BY_URL, PAGES


def test_chart_csv_has_worded_headers_a_row_per_point_and_no_nan():
    fig = figures.figure("Gradient size, step by step", "time step t", "gradient size (log scale)", log_y=True)
    figures.add_line(fig, [0, 1, 2], [1.0, float("nan"), 1e-300], "plain RNN")
    figures.add_line(fig, [0, 1], [2.0, 3.0], "LSTM", 1)
    rows = list(csv.reader(io.StringIO(handout.chart_csv(fig))))
    assert rows[0] == ["series", "time step t", "gradient size (log scale)"]
    assert rows[1:] == [["plain RNN", "0", "1.0"], ["plain RNN", "1", ""], ["plain RNN", "2", "1e-300"],
                        ["LSTM", "0", "2.0"], ["LSTM", "1", "3.0"]]
    assert handout.csv_name("bptt", "norms_chart", fig) == "bptt-gradient-size-step-by-step.csv"


def test_every_chart_on_a_page_has_its_csv_button_and_the_sidebar_the_view_button():
    at = open_page("bptt")
    buttons = at.get("download_button")
    assert len(buttons) == len(at.get("plotly_chart")) + 1
    assert sum(b.label.startswith("⬇ Data (CSV)") for b in buttons) == len(at.get("plotly_chart"))
    assert [b.label for b in at.sidebar.get("download_button")] == ["⬇ Download this view (HTML)"]


def test_the_view_file_holds_the_charts_their_numbers_the_settings_and_the_link():
    at = open_page("bptt", steps=30, act="ReLU")
    counts = at.session_state["vgl_handout_counts"]  # the record itself leaves session state after the run
    charts = [go.Figure(c) for c in charts_of(at)]
    sentences = [m.value for m in at.markdown if m.value.startswith("**In numbers:**")]
    assert counts == {"page": "bptt", "charts": len(charts), "texts": len(sentences)} and sentences
    items = [("chart", c) for c in charts] + [("text", t) for t in sentences]
    values = {"steps": 30, "act": "relu", "cells": ["rnn"], "scale": 1.0}
    html = handout.view_html("bptt", items, values, "/bptt?steps=30&act=ReLU")
    assert html.count("Plotly.newPlot") == len(charts)
    assert "cdn.plot.ly" not in html.split("</script>", 1)[1] and len(html) > 3_000_000  # plotly.js inside
    assert "<b>In numbers:</b>" in html and "/bptt?steps=30&amp;act=ReLU" in html
    assert "steps</dt><dd>30</dd>" in html  # no words given: the URL key and value


def test_the_view_file_names_each_setting_by_its_control_and_shown_value():
    """The settings list reads "Activation (plain RNN): ReLU", as the page showed it, not the link's "act: relu"."""
    at = open_page("bptt", steps=30, act="relu", cells=["rnn", "lstm"])
    words = at.session_state["vgl_handout_settings"]
    shown = {w.key: w for w in at.get("selectbox") + at.get("multiselect") + at.get("slider")}
    for key in ("act", "cells", "steps"):
        assert words[key][0] == shown[key].label  # the control's own label
    assert words["act"][1] == "ReLU" and words["steps"][1] == "30"
    assert words["cells"][1] == ", ".join(shown["cells"].format_func(c) for c in ("rnn", "lstm"))
    values = {k: at.session_state[k] for k in BY_URL["bptt"].params if k in at.session_state}
    html = handout.view_html("bptt", [], values, "/bptt?steps=30&act=relu", words)
    settings = html.split("<h2>Settings</h2>", 1)[1].split("</dl>", 1)[0]
    assert ">Activation (plain RNN)</dt><dd>ReLU</dd>" in settings
    assert ">act<" not in settings and ">relu<" not in settings and ">steps<" not in settings
    assert "/bptt?steps=30&amp;act=relu" in html  # the link keeps the URL's own spelling


@pytest.mark.parametrize("page", [p.url for p in PAGES if p.params])
def test_the_views_link_reopens_the_same_settings(page):
    """The handout's link is the page's settings in its own URL spelling (labels, not raw values)."""
    at = open_page(page)
    for w in at.toggle:  # off the defaults, as a reader would leave them
        if w.key in BY_URL[page].params:
            w.set_value(not w.value)
    at.run()
    values = {k: at.session_state[k] for k in BY_URL[page].params if k in at.session_state}
    url = urlsplit(links.page_link(page, **values))
    query: dict[str, list[str]] = {}
    for k, v in parse_qsl(url.query):
        query.setdefault(k, []).append(v)
    again = open_page(page, **{k: v if len(v) > 1 or isinstance(values[k], list) else v[0] for k, v in query.items()})
    assert not again.exception
    assert {k: again.session_state[k] for k in values} == values


def test_a_legend_key_line_with_no_numbers_writes_no_row():
    fig = go.Figure([go.Scatter(x=[None], y=[None], name="key"), go.Scatter(x=[1, 2], y=[3, None], name="line")])
    rows = handout.chart_csv(fig).strip().splitlines()
    assert rows[1:] == ["line,1,3", "line,2,"]  # a gap in a real line keeps its row


def test_a_chart_of_stacked_panels_names_each_panels_y_axis_in_its_csv_and_its_reading_help():
    act, x = get_activation("tanh"), np.linspace(-1, 1, 3)
    fig = activation_figures.pair_figure(act, x, [])
    rows = list(csv.reader(io.StringIO(handout.chart_csv(fig))))
    assert rows[0] == ["series", "input z", "tanh(z) / slope f′(z)"]  # top panel first, the series say which
    assert rows[1] == ["tanh(z)", "-1.0", repr(float(np.tanh(-1.0)))]
    assert ["slope of tanh", "0.0", "1.0"] in rows
    said = figures.reading_help(fig)
    assert "**Up (y axis), panel by panel from the top:** tanh(z); slope f′(z)." in said
    # a chart of one panel still says it once
    assert "**Up (y axis):** slope f′(z)." in figures.reading_help(activation_figures.derivative_figure(act, x, []))
