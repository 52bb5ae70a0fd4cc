"""AppTest: the main chart of /chain, /bptt and /deep carries an in-chart sweep that opens on the page's own value,
follows the page's own slider, and is dropped (with a sentence saying why) where it would cost too much."""

from __future__ import annotations

import pytest

from tests.apptest import charts, no_nan_in_charts, open_page, texts
from ui import sweep

# page -> (the main chart's title, the URL key and value it sweeps, quick settings)
PAGES = {
    "chain": ("How big the gradient still is", "depth", 37, {}),
    "bptt": ("How big the gradient is at each time step", "scale", 1.07, dict(steps=40, hidden=16, skip=5)),
    "deep": ("How big the gradient is at each layer", "scale", 1.5, dict(depth=6, width=32)),
}


def sweep_chart(at) -> dict | None:
    found = [c for c in charts(at) if c["layout"].get("sliders")]
    return found[0] if found else None


def active_label(chart: dict) -> str:
    slider = chart["layout"]["sliders"][0]
    return slider["steps"][slider["active"]]["label"]


def opens_on(chart: dict, value) -> None:
    """The slider sits on `value` and the chart's traces carry that frame's data."""
    assert active_label(chart) == f"{value:g}"
    frame = next(f for f in chart["frames"] if f["name"] == f"{value:g}")
    assert [(t["x"], t["y"]) for t in chart["data"]] == [(t["x"], t["y"]) for t in frame["data"]]


@pytest.mark.parametrize("name", PAGES)
def test_main_chart_sweeps_and_opens_on_the_pages_value(name):
    title, key, value, quick = PAGES[name]
    at = open_page(name, **{key: value}, **quick)
    assert not at.exception
    chart = sweep_chart(at)
    assert chart is not None and chart["layout"]["title"]["text"] == title
    assert len(chart["frames"]) >= 3
    opens_on(chart, value)
    assert no_nan_in_charts(at)
    assert "to sweep the" in texts(at) and "never reaches the server" in texts(at)

    # Moving the page's own slider to another step of the sweep shows exactly what that frame showed.
    frame = chart["frames"][0]
    other = float(frame["name"])
    (at.slider if name == "chain" else at.select_slider)(key=key).set_value(int(other) if name == "chain" else other)
    at.run()
    moved = sweep_chart(at)
    opens_on(moved, other)
    assert [(t["x"], t["y"]) for t in moved["data"]] == [(t["x"], t["y"]) for t in frame["data"]]


def test_bptt_has_no_sweep_for_gated_cells_and_says_so():
    at = open_page("bptt", steps=40, hidden=16, cells=["RNN", "LSTM"])
    assert not at.exception and sweep_chart(at) is None
    assert "No in-chart sweep of the weight scale here: it is for the plain RNN alone" in texts(at)


@pytest.mark.parametrize(("name", "query", "sentence"), [
    ("bptt", dict(steps=500, hidden=256), "No in-chart sweep of the weight scale here: at 500 steps × 256 units"),
    ("deep", dict(depth=100, width=512), "No in-chart sweep of the weight scale at 100 layers × 512 units"),
])
def test_heavy_settings_drop_the_sweep_and_say_so(name, query, sentence):
    at = open_page(name, **query)
    assert not at.exception and sweep_chart(at) is None
    assert sentence in texts(at)


def test_deep_default_sweeps_fewer_scales_and_says_so():
    at = open_page("deep")
    chart = sweep_chart(at)
    assert chart is not None and 2 <= len(chart["frames"]) < 12
    assert f"It holds {len(chart['frames'])} of the 12 values of the control above" in texts(at)


def test_chain_sweeps_every_other_depth_and_its_own():
    at = open_page("chain", depth=20)  # an even depth: not on the rail's every-other-depth plan
    chart = sweep_chart(at)
    assert chart is not None and len(chart["frames"]) == sweep.MAX_STEPS + 1
    opens_on(chart, 20)
    assert f"It holds {sweep.MAX_STEPS + 1} of the 100 values of the control above: {sweep.RAIL}" in texts(at)


def test_bptt_default_sweep_says_the_rail_not_time_thinned_it():
    at = open_page("bptt")  # 50 steps × 32 units: every weight scale would be cheap, but the rail holds 50
    chart = sweep_chart(at)
    assert chart is not None and len(chart["frames"]) in (sweep.MAX_STEPS, sweep.MAX_STEPS + 1)
    assert f"of the control above: {sweep.RAIL}" in texts(at) and "would slow the page down" not in texts(at)
    heavy = open_page("bptt", steps=200, hidden=64)  # there, time thins it
    assert "one pass for each at 200 steps × 64 units would slow the page down" in texts(heavy)
