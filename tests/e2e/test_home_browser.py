"""Real Chromium: the home page's cards lead to the pages; the activations page draws both charts."""

import pytest

from tests.e2e.browser import shot, wait_for_app

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
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
    assert "(−1, 1)" in page.inner_text("body")
    shot(page, "activations_tanh")
