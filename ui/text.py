"""Long prose lives in markdown beside the pages; this reads one section of it.

A page's file `pages/<page>.md` is split by marker lines `<!-- section: name -->`.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import streamlit as st

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
_MARKER = re.compile(r"^<!--\s*section:\s*([\w-]+)\s*-->\s*$", re.MULTILINE)


@functools.lru_cache(maxsize=32)
def sections(page: str) -> dict[str, str]:
    """All sections of pages/<page>.md, by name."""
    text = (PAGES_DIR / f"{page}.md").read_text(encoding="utf-8")
    parts = _MARKER.split(text)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=False)}


def prose(page: str, section: str, **values) -> str:
    """One section's text, with {placeholders} filled from `values` when given."""
    body = sections(page)[section]
    return body.format(**values) if values else body


def show(page: str, section: str, **values) -> None:
    """Write one section of a page's prose."""
    st.markdown(prose(page, section, **values))


def summary(sentence: str) -> None:
    """The sentence under a chart that says its numbers, for those who cannot read a plot."""
    st.markdown(f"**In numbers:** {sentence}")
