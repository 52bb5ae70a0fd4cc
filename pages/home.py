"""Home: the story in plain words, and a card for every page."""

import streamlit as st

from ui import site, text
from ui.router import use_app_router

use_app_router()

text.show("home", "intro")


text.show("home", "pages-intro")
cards = [p for p in site.PAGES if p is not site.HOME]
for row in range(0, len(cards), 3):
    cols = st.columns(3)
    for col, p in zip(cols, cards[row:row + 3], strict=False):
        with col.container(border=True):
            st.page_link(p.file, label=f"{p.icon} {p.title}")
            st.write(p.blurb)

text.show("home", "story")
