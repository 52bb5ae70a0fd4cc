"""Real Chromium against `streamlit run`: press Run on /training and see the results table; press Stop mid-run."""

from urllib.parse import urlencode

import pytest

from tests.e2e.browser import shot, wait_for_app

pytestmark = pytest.mark.e2e


def _open(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("button", name="▶ Run").wait_for(timeout=60_000)


def test_run_a_tiny_comparison_and_see_the_table(server_url, page):
    query = urlencode([("len", 8), ("steps", 100), ("models", "Plain RNN (tanh)"), ("models", "GRU"),
                       ("seed", 4242)])
    _open(page, f"{server_url}/training?{query}")
    assert page.locator("[data-testid='stTable']").count() == 0
    page.get_by_role("button", name="▶ Run").click()
    page.locator("[data-testid='stTable']").wait_for(timeout=90_000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 3", timeout=30_000)
    wait_for_app(page)
    body = page.inner_text("body")
    assert "Results" in body and "GRU" in body and "Plain RNN (tanh)" in body
    assert "In numbers:" in body
    shot(page, "training_tiny_results")


def test_stop_mid_run(server_url, page):
    query = urlencode([("len", 150), ("steps", 2000), ("models", "Plain RNN (tanh)"), ("models", "LSTM"),
                       ("seed", 4243)])
    _open(page, f"{server_url}/training?{query}")
    page.get_by_role("button", name="▶ Run").click()
    page.locator("[data-testid='stProgress']").first.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
    shot(page, "training_running")
    page.get_by_role("button", name="⏹ Stop").click()
    page.wait_for_function("() => document.body.innerText.includes('was stopped')", timeout=30_000)
    page.locator("[data-testid='stTable']").wait_for(timeout=30_000)
    wait_for_app(page)
    assert "stopped" in page.locator("[data-testid='stTable']").inner_text()
    shot(page, "training_stopped")
