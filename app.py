"""Vanishing Gradient Lab: the router. The page table lives in ui/site.py (titles, order and URL paths are stable)."""

import streamlit as st

from ui import handout, quiet, site, stage
from ui.guard import friendly

# Presentation mode must be known before the page config: a projected page opens with the sidebar folded away.
presenting = stage.url_flag(st.query_params.get(stage.PRESENT, ""))
st.set_page_config(page_title="Vanishing Gradient Lab", page_icon="📉", layout="wide",
                   initial_sidebar_state="collapsed" if presenting else "auto")

quiet.touch()  # the server is in use: a quiet spell later gives its memory back (ui/quiet.py)
page = st.navigation(site.navigation())
site.arrive(page.url_path)
handout.begin(page.url_path)
stage.start_run()

with st.sidebar:
    st.toggle("Presentation mode", key=stage.PRESENT, bind="query-params",
              help="For a projector: big chart text, the long explanations folded away, examples stepped with "
                   "Page Down / Page Up. Kept as you move between pages.")
    st.caption("Every control is saved in the page's address: copy the link to share exactly this view.")
    # Bound URL parameters can't be cleared from Python, so "reset" is a fresh visit to the bare address.
    st.markdown(f'<a href="./{page.url_path}" target="_self">↺ Reset this page</a>', unsafe_allow_html=True)

# The page's own boundaries keep the rest of it on screen; this last one turns anything they missed into a
# sentence (logged with its traceback on the server) instead of Streamlit's exception box.
with friendly(f"showing “{page.title}”"):
    page.run()
handout.view_button(st.sidebar)  # after the page: it holds the charts and sentences this run drew

with st.sidebar:
    stage.sidebar(page.url_path)
