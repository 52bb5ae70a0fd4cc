"""AppTest for the home page: the story and a link to every page."""

from tests.apptest import open_page, texts
from ui import site


def test_home_tells_the_story_and_links_every_page():
    at = open_page("home")
    assert not at.exception
    body = texts(at)
    assert "new weight = old weight − learning rate × gradient" in body
    assert "0.000022869" in body and "cannot bring back" in body
    links = [e for e in at.get("page_link")]
    assert len(links) == len(site.PAGES) - 1  # a card for every page but home itself
