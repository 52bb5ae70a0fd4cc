"""Real Chromium against `streamlit run`: switching batch norm on changes the deep-network charts and the URL; after
the stage redraws first, the rest of the page follows."""

import pytest

from tests.e2e.browser import class_link, plot_data, shot, wait_for_app, wait_for_new_data

pytestmark = pytest.mark.e2e


def test_batch_norm_toggle_changes_the_gradient_chart(server_url, page):
    page.goto(f"{server_url}/deep?depth=30&width=128")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=60_000)
    body = page.inner_text("body")
    assert "Verdict: the gradient vanishes" in body  # sigmoid, Xavier, 30 layers
    shot(page, "deep_sigmoid_plain")
    before = plot_data(page, 0)
    assert before

    page.locator("[data-testid=stMain]").get_by_text("Batch norm", exact=True).first.click()
    page.wait_for_function("() => document.body.innerText.includes('Verdict: the gradient flows')", timeout=60_000)
    wait_for_app(page)
    # plotly redraws after Streamlit's run has ended (a chart with a sweep carries more to take in): poll for it
    page.wait_for_function("""(before) => { const p = document.querySelectorAll('.js-plotly-plot')[0];
        return p && p.data && JSON.stringify(p.data.map(t => [t.x, t.y, t.z])) !== before; }""", arg=before,
                           timeout=30_000)
    after = plot_data(page, 0)
    assert after and after != before
    assert "bn=true" in page.url
    shot(page, "deep_sigmoid_batch_norm")


def test_the_whole_page_catches_up_after_the_stage_redraws_first(server_url, page):
    """A stage control reruns the stage alone first (ui/stage.first); the charts below it and the class link must
    then follow the new setting too."""
    page.goto(f"{server_url}/deep?depth=12&width=64")
    wait_for_app(page)
    page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 5", timeout=60_000)
    below = {i: plot_data(page, i) for i in range(1, 4)}  # activations, saturation, before/after the fix
    page.locator('input[type="range"][aria-label="Depth (layers)"]').focus()
    page.keyboard.press("ArrowRight")  # 12 -> 13 layers
    wait_for_new_data(page, below)
    wait_for_app(page)
    assert "depth=13" in page.url
    assert "depth=13" in class_link(page)
