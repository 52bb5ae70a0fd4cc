"""Real Chromium: each exploratory page is a stage (issue 12).

At a 1280×720 window the page's main control and its first chart are on one screen on arrival, without scrolling:
the top of the control and the bottom of the first chart are both inside the window, at a desk and in presentation
mode. Screenshots of every page
in presentation mode at 1280×720 and 1920×1080, and at a phone's 390×844, go to artifacts/ to be looked at.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import ARTIFACTS, wait_for_app
from ui.stage import NEXT_KEY

pytestmark = pytest.mark.e2e

SCREEN = 720
# The page's main control, by its label: the one a teacher drags while the class watches the first chart.
MAIN_CONTROL = {
    "chain": "Depth (layers)",
    "activations": "Show inputs from −x to x",
    "bptt": "Weight scale",
    "deep": "Depth (layers)",
    "training": "Sequence length",
}
SIZES = {"hd": (1280, 720), "fullhd": (1920, 1080)}


def open_stage(page, url: str, width: int, height: int) -> None:
    page.set_viewport_size({"width": width, "height": height})
    page.goto(url)
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=60_000)
    page.wait_for_timeout(600)  # plotly lays the chart out once more at its final width


def span(page, label: str) -> dict:
    """Top of the main control, bottom of the first chart (px from the top of the window) and the span between."""
    control = page.locator("[data-testid=stMain] [data-testid=stWidgetLabel]", has_text=label).first.locator(
        "xpath=ancestor::div[contains(@class, 'stElementContainer')][1]")
    expect(control).to_be_visible()
    top = control.bounding_box()["y"]
    chart = page.locator(".js-plotly-plot").first.bounding_box()
    bottom = chart["y"] + chart["height"]
    return {"top": round(top), "bottom": round(bottom), "span": round(bottom - top)}


def save(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))  # the window only: what the room sees without scrolling


@pytest.mark.parametrize("present", [False, True], ids=["desk", "present"])
@pytest.mark.parametrize("name", list(MAIN_CONTROL))
def test_main_control_and_first_chart_share_one_screen(server_url, page, name, present):
    open_stage(page, f"{server_url}/{name}" + ("?present=true" if present else ""), 1280, SCREEN)
    got = span(page, MAIN_CONTROL[name])
    print(f"stage {name} {'present' if present else 'desk'} 1280x720: {got}")
    save(page, f"stage_{name}_{'present' if present else 'desk'}_1280x720")
    assert got["span"] <= SCREEN, got
    assert got["top"] >= 0, got
    assert got["bottom"] <= SCREEN, got  # both on screen on arrival: no scrolling, the sweep's rail and all
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(MAIN_CONTROL))
def test_presentation_screenshots(server_url, page, name, size):
    width, height = SIZES[size]
    open_stage(page, f"{server_url}/{name}?present=true", width, height)
    save(page, f"present_{name}_{width}x{height}")
    got = span(page, MAIN_CONTROL[name])
    print(f"stage {name} present {width}x{height}: {got}")
    assert got["bottom"] <= height, got
    # The stage's charts fill the width.
    charts = page.locator(".st-key-vgl_stage_chart .js-plotly-plot")
    boxes = [charts.nth(i).bounding_box() for i in range(charts.count())]
    across = max(b["x"] + b["width"] for b in boxes) - min(b["x"] for b in boxes)
    assert across >= 0.85 * width, f"the charts should fill the width: {across} of {width}"
    sizes = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot')[0]"
                          ".querySelectorAll('text')).filter(t => t.textContent.trim())"
                          ".map(t => parseFloat(getComputedStyle(t).fontSize))")
    assert sizes and min(sizes) >= 20, f"chart text under 20 px: {sorted(set(sizes))}"
    sidebar = page.locator("[data-testid=stSidebar]")
    print(sidebar.evaluate("e => [e.getAttribute('aria-expanded'), JSON.stringify(e.getBoundingClientRect())]"))
    box = sidebar.bounding_box()
    assert box is None or box["x"] + box["width"] <= 1, f"the sidebar should start folded away: {box}"


@pytest.mark.parametrize("name", list(MAIN_CONTROL))
def test_phone_screenshots(server_url, page, name):
    open_stage(page, f"{server_url}/{name}", 390, 844)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    save(page, f"phone_{name}_390x844")


def test_presentation_mode_is_kept_when_moving_pages(server_url, page):
    open_stage(page, f"{server_url}/chain", 1280, SCREEN)
    page.locator("[data-testid=stSidebar]").get_by_text("Presentation mode").click()
    expect(page).to_have_url(re.compile(r"present=true"), timeout=30_000)
    wait_for_app(page)
    expand = page.get_by_test_id("stExpandSidebarButton")  # presenting folds the sidebar away: open it again
    page.wait_for_timeout(1000)  # the fold comes a moment after the rerun ends
    if expand.is_visible():
        expand.click()
        page.wait_for_timeout(500)  # the sidebar slides back in
    page.locator("[data-testid=stSidebarNav] a", has_text="Deep networks").first.click()
    expect(page).to_have_url(re.compile(r"/deep\?present=true$"), timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_role("button", name=re.compile("Next example|▶"))).to_have_count(1)
    expect(page.get_by_text("The maths")).to_be_hidden()


def test_a_class_link_hides_the_other_controls_and_keeps_their_values(server_url, page):
    open_stage(page, f"{server_url}/bptt?show=scale&steps=80", 1280, SCREEN)
    main = page.locator("[data-testid=stMain]")
    expect(main.get_by_text("Weight scale", exact=True)).to_be_visible()
    expect(main.get_by_text("Time steps", exact=True)).to_be_hidden()
    expect(main.get_by_text("Activation (plain RNN)", exact=True)).to_be_hidden()
    slider = page.locator('input[type="range"][aria-label="Weight scale"]')
    slider.focus()
    slider.press("ArrowRight")
    expect(page).to_have_url(re.compile(r"scale=1\.01"), timeout=30_000)
    assert "steps=80" in page.url and "show=scale" in page.url


def test_page_down_steps_to_the_next_example_when_presenting(server_url, page):
    open_stage(page, f"{server_url}/bptt?present=true", 1280, SCREEN)
    page.keyboard.press(NEXT_KEY)
    expect(page).to_have_url(re.compile(r"scale=0\.9"), timeout=30_000)  # the first example: tanh vanishes
    wait_for_app(page)
    page.keyboard.press(NEXT_KEY)
    expect(page).to_have_url(re.compile(r"scale=1\.1"), timeout=30_000)  # the second: ReLU + identity explodes
    expect(page.locator("[data-testid=stException]")).to_have_count(0)


@pytest.mark.parametrize("name", ["chain", "activations", "bptt", "deep"])  # the pages with examples
def test_presenting_keeps_title_and_examples_on_one_row_and_clickable(server_url, page, name):
    """At 1280×720 the title, ◀, the menu of examples and ▶ share one row (a second row would take its height from
    the chart), and a click on each lands on it, not on the see-through header above them."""
    open_stage(page, f"{server_url}/{name}?present=true", 1280, SCREEN)
    row = page.locator(".st-key-vgl_lead")
    title = row.locator("h4").first.bounding_box()
    for button in (".st-key-vgl_prev button", "[data-testid=stPopoverButton]", ".st-key-vgl_next button"):
        box = row.locator(button).first.bounding_box()
        assert abs((title["y"] + title["height"] / 2) - (box["y"] + box["height"] / 2)) < 20, (button, title, box)
        hit = page.evaluate("([s, x, y]) => document.querySelector(s).contains(document.elementFromPoint(x, y))",
                            [f".st-key-vgl_lead {button}", box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert hit, f"{button} on /{name} is covered where it is clicked"


def test_the_menu_of_examples_applies_one_and_names_it(server_url, page):
    open_stage(page, f"{server_url}/bptt?present=true", 1280, SCREEN)
    page.get_by_role("button", name=re.compile(r"^Examples \(4\)")).click()
    page.get_by_role("button", name="💥 ReLU + identity explodes").click()
    expect(page).to_have_url(re.compile(r"scale=1\.1"), timeout=30_000)
    wait_for_app(page)
    expect(page.get_by_role("button", name=re.compile(r"ReLU \+ identity explodes \(2 of 4\)"))).to_be_visible()
    expect(page.get_by_role("button", name="📏 Exactly balanced")).to_be_hidden()  # the menu closed over the chart
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    save(page, "present_bptt_example_menu_1280x720")


# Watches, at every frame, which chart is first on screen (its title): a list of every change, from now on.
_WATCH_FIRST_CHART = """() => {
  const seen = window.__firstCharts = [];
  const title = () => {
    const box = Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]'))
      .find(c => c.getClientRects().length);
    const p = box && box.querySelector('.js-plotly-plot');
    return p && p.layout && p.layout.title ? String(p.layout.title.text).replace(/<[^>]+>/g, '') : null;
  };
  const tick = () => { const now = title(); if (seen.at(-1) !== now) seen.push(now); requestAnimationFrame(tick); };
  tick();
}"""


@pytest.mark.parametrize("name", ["chain", "bptt"])
def test_the_main_chart_stays_on_screen_while_a_press_redraws_the_page(server_url, page, name):
    """A press on a stage control reruns the stage, then the whole page catches up. The main chart is swapped for the
    new one in its place: it must not leave the page meanwhile (a slot emptied and refilled made it vanish for a
    moment during the catch-up, so the chart below took its place as the page's first). Between the swap and its
    first draw, the new chart's box is blank: Streamlit mounts a changed chart afresh."""
    open_stage(page, f"{server_url}/{name}", 1280, 720)
    page.evaluate(_WATCH_FIRST_CHART)
    slider = page.locator(f'input[type="range"][aria-label="{MAIN_CONTROL[name]}"]').first
    for key in ("ArrowRight", "ArrowLeft", "ArrowRight"):
        slider.focus()
        page.keyboard.press(key)
        page.wait_for_timeout(1500)  # the stage's run, then the whole page's
        wait_for_app(page)
    seen = page.evaluate("() => window.__firstCharts")
    titles = {t for t in seen if t is not None}  # None: the new chart mounted in its place, not drawn yet
    assert seen[0] and titles == {seen[0]}, f"another chart came first on screen during the presses: {seen}"
