"""Home: the story in plain words, and a card for every page."""

import streamlit as st

from ui import text
from ui.router import use_app_router

use_app_router()

text.show("home", "intro")

CARDS = [
    ("pages/chain.py", "⛓️ The chain of derivatives",
     "Multiply one slope per layer and watch the product vanish, or explode. Start here."),
    ("pages/activations.py", "〰️ Activation functions",
     "Sigmoid, tanh, ReLU and friends, with their slopes: where is each one flat?"),
    ("pages/bptt.py", "🔁 Backpropagation through time",
     "A recurrent network's gradient travelling back through time, step by step: plain RNN, LSTM, GRU, clipping."),
    ("pages/deep.py", "🧱 Deep networks",
     "Gradient flow layer by layer under depth, activation, initialisation, batch norm and skip connections."),
    ("pages/training.py", "🏋️ Training: who remembers?",
     "Real training runs: which networks learn to remember something from long ago, and which never do."),
]

text.show("home", "pages-intro")
for row in range(0, len(CARDS), 3):
    cols = st.columns(3)
    for col, (path, title, blurb) in zip(cols, CARDS[row:row + 3], strict=False):
        with col.container(border=True):
            st.page_link(path, label=title)
            st.write(blurb)

text.show("home", "story")
