"""Reading pages/<page>.md, with no streamlit import: the words modules (ui/*_words.py) and their tests use it.

A page's file is split by marker lines `<!-- section: name -->`; ui.text writes the sections on screen.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

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
