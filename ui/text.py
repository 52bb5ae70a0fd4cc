"""Long prose lives in markdown beside the pages; this writes it on screen (reading it is ui.prose's job)."""

from __future__ import annotations

import streamlit as st

from ui import handout
from ui.prose import PAGES_DIR, prose, sections

__all__ = ["PAGES_DIR", "prose", "sections", "show", "summary"]


def show(page: str, section: str, **values) -> None:
    """Write one section of a page's prose."""
    st.markdown(prose(page, section, **values))


def summary(sentence: str) -> None:
    """The sentence under a chart that says its numbers, for those who cannot read a plot."""
    st.markdown(f"**In numbers:** {sentence}")
    handout.add_text(sentence)
