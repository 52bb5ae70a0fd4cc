"""Real Chromium: walk the whole tour with Next, answer a guess, download a chart's CSV and the HTML handout,
then open the handout with the network off and see its charts drawn."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.e2e.browser import ARTIFACTS, shot, wait_for_app
from ui.tour_steps import COUNT

pytestmark = pytest.mark.e2e


def _step_line(page, n: int):
    return page.get_by_text(f"Step {n} of {COUNT}", exact=True)


def _reveal(page, timeout_s: float = 90) -> None:
    """Wait for the step to finish drawing; press "Just show me" whenever the step asks first (a chart left over
    from the step before may linger while the new one runs, so poll until the step has settled)."""
    skip = page.get_by_role("button", name="Just show me")
    for _ in range(int(timeout_s * 2)):
        busy = page.locator("[data-testid=stStatusWidget]").count() > 0
        if skip.count() and skip.first.is_visible():
            try:
                skip.first.click(timeout=2_000)
            except PlaywrightError:  # replaced by a rerun while we clicked: look again
                pass
        elif (not busy and page.locator(".js-plotly-plot:visible").count()
              and page.get_by_text("What to look at:").count()):
            return
        page.wait_for_timeout(500)
    raise AssertionError("the step never showed its chart")


def test_walk_the_tour_with_next_and_answer_a_guess(server_url, page):
    page.goto(f"{server_url}/tour")
    wait_for_app(page)
    expect(_step_line(page, 1)).to_be_visible(timeout=60_000)
    for n in range(1, COUNT + 1):
        expect(_step_line(page, n)).to_be_visible(timeout=60_000)
        assert f"step={n}" in page.url or n == 1
        _reveal(page)  # (a chart of the step before may linger hidden while this one draws: look at visible ones)
        expect(page.locator(".js-plotly-plot:visible").first).to_be_visible(timeout=60_000)
        expect(page.get_by_role("link", name="Open this on its page →")).to_be_visible()
        if n < COUNT:
            page.get_by_role("button", name="Next →").click()
            page.wait_for_timeout(500)  # let the rerun start, then let it finish: a step computes before it draws
            wait_for_app(page)
    expect(page.get_by_role("button", name="Next →")).to_be_disabled()
    shot(page, "tour_last_step")

    page.goto(f"{server_url}/tour?step=5")  # a teacher's link to step 5: answer its question
    wait_for_app(page)
    expect(_step_line(page, 5)).to_be_visible(timeout=60_000)
    wait_for_app(page)
    expect(page.get_by_role("button", name="Just show me")).to_be_visible(timeout=60_000)
    expect(page.locator(".js-plotly-plot")).to_have_count(0)  # the chart waits for the guess
    page.get_by_text("about 10⁻⁸").click()
    expect(page.get_by_text("measured just now", exact=False)).to_be_visible(timeout=60_000)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    shot(page, "tour_step5_answered")


def test_download_csv_and_the_handout_which_opens_offline(server_url, browser, page):
    page.goto(f"{server_url}/bptt?steps=40")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=60_000)
    with page.expect_download() as info:
        page.get_by_role("button", name="⬇ Data (CSV)").first.click()
    d = info.value
    assert d.suggested_filename.startswith("bptt-") and d.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(open(d.path(), encoding="utf-8").read())))
    assert rows[0][0] == "series" and "time step" in rows[0][1] and len(rows) > 40

    with page.expect_download() as info:
        page.get_by_role("button", name="⬇ Download this view (HTML)").click()
    d = info.value
    assert d.suggested_filename == "bptt-view.html"
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "bptt-view.html"
    d.save_as(str(path))

    ctx = browser.new_context(offline=True, viewport={"width": 1280, "height": 720})
    try:
        off = ctx.new_page()
        off.goto(path.as_uri())
        expect(off.locator(".js-plotly-plot")).to_have_count(5, timeout=30_000)
        expect(off.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        expect(off.get_by_text("In numbers:").first).to_be_visible()
        assert "steps=40" in off.inner_text("body")
        settings = off.locator("dl dt")  # each setting by its control's label and shown value, not `steps`, `act`
        expect(settings.filter(has_text="Time steps")).to_have_count(1)
        expect(settings.filter(has_text="Activation (plain RNN)").locator("xpath=following-sibling::dd[1]")
               ).to_have_text("tanh")
        off.screenshot(path=str(ARTIFACTS / "handout_offline.png"), full_page=True)
    finally:
        ctx.close()


@pytest.mark.parametrize("size", [(1280, 720), (390, 844)])
def test_tour_screenshots(server_url, browser, size):
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        pg = ctx.new_page()
        for url in ("tour?step=2", "remedies", "glossary"):
            pg.goto(f"{server_url}/{url}")
            wait_for_app(pg)
            expect(pg.locator(".js-plotly-plot, [data-testid=stMarkdown]").first).to_be_visible(timeout=60_000)
            if pg.get_by_role("button", name="Just show me").count():
                pg.get_by_role("button", name="Just show me").click()
                wait_for_app(pg)
            pg.wait_for_timeout(800)
            shot(pg, f"{url.replace('?', '_').replace('=', '')}_{size[0]}x{size[1]}")
    finally:
        ctx.close()
