"""Real Chromium: settings moved on one page never reach another page's controls through the sidebar.

The regression: move /bptt's clipping threshold, click "Training: who remembers?" in the sidebar, and the
training page opened as /training?lr=0.01&steps=51&clip=true with an exception.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import shot, wait_for_app

pytestmark = pytest.mark.e2e


def _move(page, index: int, key: str) -> None:
    slider = page.locator("[data-testid=stMain]").get_by_role("slider").filter(visible=True).nth(index)
    slider.focus()
    slider.press(key)
    page.wait_for_timeout(300)
    wait_for_app(page)


@pytest.mark.parametrize("start,sidebar,target", [
    ("bptt", "Training: who remembers?", "training"),
    ("deep", "The chain of derivatives", "chain"),
    ("training", "Backpropagation through time", "bptt"),
])
def test_moving_controls_then_switching_pages_opens_the_defaults(server_url, page, start, sidebar, target):
    page.goto(f"{server_url}/{start}")
    wait_for_app(page)
    page.get_by_text("More settings").first.click()  # the stage keeps secondary settings folded: open them
    _move(page, 0, "ArrowRight")
    _move(page, -1, "ArrowLeft")
    expect(page).to_have_url(re.compile(r"\?"))  # the moved controls are in the address
    page.locator("[data-testid=stSidebarNav] a", has_text=sidebar).first.click()
    expect(page).to_have_url(f"{server_url}/{target}", timeout=30_000)
    wait_for_app(page)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    expect(page.get_by_text("Something went wrong")).to_have_count(0)
    page.wait_for_timeout(500)
    expect(page).to_have_url(f"{server_url}/{target}")  # no setting of the page left was written in
    shot(page, f"switch_{start}_to_{target}")


def test_a_choice_writes_its_stable_key_and_an_old_label_link_still_opens(server_url, page):
    page.goto(f"{server_url}/deep?init=Xavier%20(Glorot)&act=ReLU")  # a link shared before keys existed
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/deep\?act=relu$"))  # read as keys; the default init leaves the URL
    page.locator("[data-testid=stSelectbox]", has_text="How the weights start").first.click()
    page.get_by_role("option", name="He (Kaiming)").click()
    expect(page).to_have_url(re.compile(r"init=he"), timeout=30_000)
    expect(page).to_have_url(re.compile(r"act=relu"))
    wait_for_app(page)
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
