"""Glossary: every word a reader meets, in plain language (the same sentences the controls' hover help uses)."""

import streamlit as st

from ui import glossary, text
from ui.router import use_app_router

use_app_router()

text.show("glossary", "intro")
for term in sorted(glossary.TERMS, key=str.lower):
    st.markdown(f"**{term}** — {glossary.TERMS[term]}")
