"""Vanishing Gradient Lab: the router. Page titles, order and URL paths are ours and stable (links get shared)."""

import streamlit as st

st.set_page_config(page_title="Vanishing Gradient Lab", page_icon="📉", layout="wide")

PAGES = {
    "Start here": [
        st.Page("pages/home.py", title="Why gradients vanish", icon="🏠", url_path="home", default=True),
    ],
    "The idea": [
        st.Page("pages/chain.py", title="The chain of derivatives", icon="⛓️", url_path="chain"),
        st.Page("pages/activations.py", title="Activation functions", icon="〰️", url_path="activations"),
    ],
    "See it happen": [
        st.Page("pages/bptt.py", title="Backpropagation through time", icon="🔁", url_path="bptt"),
        st.Page("pages/deep.py", title="Deep networks", icon="🧱", url_path="deep"),
        st.Page("pages/training.py", title="Training: who remembers?", icon="🏋️", url_path="training"),
    ],
}

page = st.navigation(PAGES)

with st.sidebar:
    st.caption("Every control is saved in the page's address: copy the link to share exactly this view.")
    # Bound URL parameters can't be cleared from Python, so "reset" is a fresh visit to the bare address.
    st.markdown(f'<a href="./{page.url_path}" target="_self">↺ Reset this page</a>', unsafe_allow_html=True)

page.run()
