"""Make a shared deep link (say /chain?depth=50) work even when it is the server's very first visit.

Streamlit sees our `pages/` folder and, until some session has run app.py's `st.navigation`, runs in its
old "pages folder" mode: a first visit to /chain runs pages/chain.py directly, with the wrong sidebar and
none of app.py's set-up. The flag is process-wide and app.py's `st.navigation` clears it; if a page finds it
still set, we clear it and rerun, so the same URL (query parameters included) goes through app.py's router.
(Streamlit's AppTest sets the flag again before every run, so there it is needed on every run, not once.)
"""

from __future__ import annotations


def use_app_router() -> None:
    """Call first thing on every page: if Streamlit ran this page without app.py, rerun through app.py."""
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:  # a future Streamlit without the old mode: nothing to do
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        import streamlit as st

        st.rerun()
