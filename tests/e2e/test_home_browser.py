"""Real Chromium: the home page's cards lead to the pages; the activations page draws the function above its slope,
its stage first."""

import pytest

from tests.e2e.browser import class_link, plot_data, shot, wait_for_app, wait_for_new_data

pytestmark = pytest.mark.e2e


def test_home_card_opens_the_chain_page(server_url, page):
    page.goto(server_url)
    wait_for_app(page)
    page.wait_for_selector("text=new weight = old weight")
    shot(page, "home")
    page.locator("[data-testid=stMain] a", has_text="The chain of derivatives").first.click()
    page.wait_for_url(f"{server_url}/chain", timeout=30_000)
    page.wait_for_selector(".js-plotly-plot", timeout=30_000)


def test_activations_page_draws_function_and_slope(server_url, page):
    page.goto(f"{server_url}/activations?fn=tanh")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 1", timeout=30_000)
    assert "(−1, 1)" in page.inner_text("body")
    # both panels are drawn: the function's line in the upper one, the slope's in the lower one
    panels = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot')[0]"
                           ".querySelectorAll('.cartesianlayer .subplot')).map(s => s.querySelectorAll("
                           "'path.js-line').length)")
    assert len(panels) == 2 and all(panels), panels
    shot(page, "activations_tanh")


def test_activations_stage_redraws_first_and_the_page_catches_up(server_url, page):
    """The input-range slider reruns the stage alone first (ui/stage.first): both panels of the stage's chart take the
    new range, then the whole page reruns and the sidebar's class link follows."""
    page.goto(f"{server_url}/activations?fn=tanh&span=6")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 1", timeout=30_000)
    before = {0: plot_data(page, 0)}
    page.locator('input[type="range"][aria-label="Show inputs from −x to x"]').focus()
    page.keyboard.press("ArrowRight")  # 6 -> 6.5
    wait_for_new_data(page, before)
    wait_for_app(page)
    assert page.evaluate("() => document.querySelectorAll('.js-plotly-plot')[0].data.map(t => t.x.at(-1))")[:2] \
        == [6.5, 6.5]
    assert "span=6.5" in page.url and "span=6.5" in class_link(page)
