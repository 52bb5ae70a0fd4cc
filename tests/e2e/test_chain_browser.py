"""Real Chromium against `streamlit run`: a shared link opens /chain, the depth slider redraws the chart (the stage
first, then the rest of the page)."""

import pytest

from tests.e2e.browser import class_link, plot_data, shot, wait_for_app, wait_for_new_data

pytestmark = pytest.mark.e2e


def test_depth_slider_redraws_the_chain_and_updates_the_url(server_url, page):
    page.goto(f"{server_url}/chain?depth=12")
    wait_for_app(page)
    page.wait_for_selector(".js-plotly-plot")
    assert "Why gradients vanish" in page.content()  # app.py's router, not the bare pages folder
    before = plot_data(page, 0)
    assert before and "12 Sigmoid layers" in page.inner_text("body")
    slider = page.locator('input[type="range"][aria-label="Depth (layers)"]')
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.body.innerText.includes('After 15 Sigmoid layers')", timeout=30_000)
    wait_for_app(page)
    assert plot_data(page, 0) != before
    assert "depth=15" in page.url
    shot(page, "chain_depth_15")


def test_article_example_button_in_the_browser(server_url, page):
    page.goto(f"{server_url}/chain")
    wait_for_app(page)
    page.get_by_role("button", name="The article's example").click()
    page.wait_for_function("() => document.body.innerText.includes('= 2.29 × 10⁻⁵')", timeout=30_000)
    shot(page, "chain_article_example")


def test_reset_link_brings_back_the_defaults(server_url, page):
    page.goto(f"{server_url}/chain?depth=50&weight=2.0")
    wait_for_app(page)
    depth = page.locator('input[type="range"][aria-label="Depth (layers)"]')
    assert depth.get_attribute("value") == "50"
    page.get_by_role("link", name="Reset this page").click()
    page.wait_for_url(f"{server_url}/chain", timeout=30_000)
    wait_for_app(page)
    page.wait_for_function(
        "() => document.querySelector('input[type=range][aria-label=\"Depth (layers)\"]')?.value === '20'",
        timeout=30_000)


def test_the_whole_page_catches_up_after_the_stage_redraws_first(server_url, page):
    """A stage control reruns the stage alone first (ui/stage.first); the factors chart below it, the product
    written out and the class link must then follow the new setting too."""
    page.goto(f"{server_url}/chain?depth=12")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=60_000)
    below = {1: plot_data(page, 1)}  # the factors chart
    page.locator('input[type="range"][aria-label="Depth (layers)"]').focus()
    page.keyboard.press("ArrowRight")  # 12 -> 13 layers
    wait_for_new_data(page, below)
    wait_for_app(page)
    assert "depth=13" in page.url and len(page.evaluate(
        "() => document.querySelectorAll('.js-plotly-plot')[1].data[0].x")) == 13
    assert "depth=13" in class_link(page)
