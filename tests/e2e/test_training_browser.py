"""Real Chromium against `streamlit run`: press Run on /training and see the results table; press Stop mid-run;
two students with the same settings share one run; a distinct run waits in the queue and says where it is."""

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

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


def _two_pages(browser):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    return contexts, [c.new_page() for c in contexts]


def test_two_students_with_the_same_settings_share_one_run(server_url, browser):
    query = urlencode([("len", 30), ("steps", 300), ("models", "Plain RNN (tanh)"), ("seed", 4244)])
    contexts, pages = _two_pages(browser)
    try:
        for pg in pages:
            _open(pg, f"{server_url}/training?{query}")
        for pg in pages:
            pg.get_by_role("button", name="▶ Run").click()
        expect(pages[1].get_by_text("2 sessions watching")).to_be_visible(timeout=30_000)
        for pg in pages:
            expect(pg.locator("[data-testid='stTable']")).to_be_visible(timeout=90_000)
        tables = [pg.locator("[data-testid='stTable']").inner_text() for pg in pages]
        assert tables[0] == tables[1] and "not solved" in tables[0]
        shot(pages[1], "training_shared_run")
    finally:
        for c in contexts:
            c.close()


def test_a_distinct_run_shows_its_place_in_the_queue(server_url, browser):
    contexts, (a, b) = _two_pages(browser)
    try:
        _open(a, f"{server_url}/training?" + urlencode([("len", 150), ("steps", 2000), ("models", "Plain RNN (tanh)"),
                                                         ("models", "GRU"), ("seed", 4245)]))
        a.get_by_role("button", name="▶ Run").click()
        expect(a.locator("[data-testid='stProgress']").first).to_be_visible(timeout=30_000)
        _open(b, f"{server_url}/training?" + urlencode([("len", 150), ("steps", 2000), ("models", "LSTM"),
                                                         ("seed", 4246)]))
        b.get_by_role("button", name="▶ Run").click()
        expect(b.get_by_text(re.compile(r"LSTM: queued: \d+ ahead, about"))).to_be_visible(timeout=30_000)
        shot(b, "training_queued")
        b.get_by_role("button", name="⏹ Stop").click()
        expect(b.locator("[data-testid='stTable']")).to_contain_text("stopped", timeout=30_000)
        a.get_by_role("button", name="⏹ Stop").click()
        expect(a.locator("[data-testid='stTable']")).to_contain_text("stopped", timeout=30_000)
    finally:
        for c in contexts:
            c.close()
