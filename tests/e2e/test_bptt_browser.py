"""Real Chromium against `streamlit run`: move the weight scale across 1 on /bptt and watch the verdict flip; after
the stage redraws first, the rest of the page follows."""

from urllib.parse import quote

import pytest

from tests.e2e.browser import class_link, plot_data, shot, wait_for_app, wait_for_new_data

pytestmark = pytest.mark.e2e

SCALE = 'input[type="range"][aria-label="Weight scale"]'


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=60_000)


def test_keyboard_across_one_flips_vanishing_to_exploding(server_url, page):
    _open(page, f"{server_url}/bptt?act={quote('Identity (no activation)')}&scale=0.97")
    body = page.inner_text("body")
    assert "Vanishing (plain RNN)" in body and "weight scale 0.97" in body
    before = plot_data(page, 0)
    slider = page.locator(SCALE)
    slider.focus()
    for _ in range(3):  # 0.97 -> 0.98 -> 0.99 -> 1: exactly balanced
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.body.innerText.includes('Stable (plain RNN)')", timeout=30_000)
    for _ in range(3):  # 1 -> 1.03
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.body.innerText.includes('Exploding (plain RNN)')", timeout=30_000)
    wait_for_app(page)
    assert "scale=1.03" in page.url
    assert plot_data(page, 0) != before
    assert "Vanishing (plain RNN)" not in page.inner_text("body")
    shot(page, "bptt_exploding_1.03")


def test_dragging_the_weight_scale_redraws(server_url, page):
    _open(page, f"{server_url}/bptt?act=ReLU&init=identity&scale=0.5&steps=100")
    assert "Vanishing (plain RNN)" in page.inner_text("body")
    before = plot_data(page, 0)
    thumb = page.locator(SCALE).locator("xpath=../..")  # the visible knob holds the (hidden) range input
    track = thumb.locator("xpath=..")
    box, t = track.bounding_box(), thumb.bounding_box()
    y = t["y"] + t["height"] / 2
    page.mouse.move(t["x"] + t["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=12)
    page.mouse.up()
    page.wait_for_function("() => document.body.innerText.includes('Exploding (plain RNN)')", timeout=30_000)
    wait_for_app(page)
    assert plot_data(page, 0) != before
    shot(page, "bptt_dragged")


def test_the_whole_page_catches_up_after_the_stage_redraws_first(server_url, page):
    """A stage control reruns the stage alone first (ui/stage.first); the charts below it, their sentences and the
    sidebar's class link must then follow the new setting too."""
    _open(page, f"{server_url}/bptt?scale=0.9")
    below = {i: plot_data(page, i) for i in range(1, 5)}  # the diagram, heatmap, step factors and clipping charts
    page.locator(SCALE).focus()
    page.keyboard.press("ArrowRight")  # 0.9 -> 0.91
    wait_for_new_data(page, below)
    wait_for_app(page)
    assert "scale=0.91" in page.url
    body = page.inner_text("body")
    assert "weight scale 0.91" in body and "weight scale 0.9 " not in body
    assert "scale=0.91" in class_link(page)
