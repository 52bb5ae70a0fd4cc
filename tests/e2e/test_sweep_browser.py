"""Real Chromium: the in-chart sweep slider on /chain, /bptt and /deep redraws the chart as it is dragged, with
nothing sent to the server (no rerun: the slider's position stays in the browser)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import plot_data, shot, wait_for_app

pytestmark = pytest.mark.e2e

# page, its path (small settings, so every step of the sweep is precomputed where the budget allows), what it sweeps
PAGES = [
    ("chain", "/chain?depth=20", "depth"),
    ("bptt", "/bptt?steps=50&hidden=32", "weight scale"),
    ("deep", "/deep?depth=8&width=64", "weight scale"),
]

SWEEP_INDEX = """() => Array.from(document.querySelectorAll('.js-plotly-plot'))
    .findIndex(p => p.layout && p.layout.sliders && p.layout.sliders.length > 0)"""


def sent_frames(page) -> list:
    """Every websocket message the page sends from now on (a rerun would send one)."""
    sent: list = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    return sent


@pytest.mark.parametrize(("name", "path", "what"), PAGES)
def test_dragging_the_in_chart_slider_redraws_without_the_server(server_url, page, name, path, what):
    sent = sent_frames(page)
    page.goto(server_url + path)
    wait_for_app(page)
    page.wait_for_function(f"() => ({SWEEP_INDEX})() >= 0", timeout=60_000)
    index = page.evaluate(SWEEP_INDEX)
    chart = page.locator(".js-plotly-plot").nth(index)
    chart.scroll_into_view_if_needed()
    expect(chart).to_contain_text(f"drag to sweep the {what}")
    rail = chart.locator(".slider-rail-touch-rect").first
    expect(rail).to_be_visible()
    page.wait_for_timeout(500)  # let the page settle: nothing more to send
    before, messages = plot_data(page, index), len(sent)
    assert messages > 0, "the listener should have seen the page ask the server for its first run"

    box = rail.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 2, y)
    page.mouse.down()
    seen = set()
    for k in range(1, 11):
        page.mouse.move(box["x"] + box["width"] * k / 10 - 2, y)
        page.wait_for_timeout(30)
        seen.add(plot_data(page, index))
    page.mouse.up()
    page.wait_for_timeout(300)

    assert len(seen) >= 5, "the chart should change many times during one drag across the rail"
    assert plot_data(page, index) != before
    assert len(sent) == messages, "the drag must not send anything to the server (no rerun)"
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0)
    shot(page, f"sweep_{name}_dragged")
