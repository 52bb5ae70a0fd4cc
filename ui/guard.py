"""Bad input never crashes a page: a learner sees a sentence, never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

log = logging.getLogger("vgl")


@contextmanager
def friendly(doing: str) -> Iterator[None]:
    """Run a block; if it fails, say so in plain words and let the rest of the page go on."""
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - anything that escapes here would become a traceback
        log.exception("while %s", doing)
        st.error(
            f"Something went wrong while {doing}, so this part is not shown. "
            f"Try other settings, or press “Reset” in the sidebar. (Details: {type(exc).__name__}: {exc})"
        )
