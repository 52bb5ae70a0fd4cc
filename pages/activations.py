"""Activation functions and their slopes: where the slope is flat, the gradient dies."""

from typing import NamedTuple

import numpy as np
import streamlit as st

from core.activations import ACTIVATIONS, NAMES, get_activation
from ui import activations_words as words
from ui import figures, stage, text, widgets
from ui.activation_figures import pair_figure
from ui.guard import friendly
from ui.router import use_app_router

use_app_router()

LABELS = {n: ACTIVATIONS[n].label for n in NAMES}
PRESETS = {
    "🫥 Sigmoid": dict(fn="sigmoid", span=6.0, compare=[]),
    "〰️ tanh vs sigmoid": dict(fn="tanh", span=6.0, compare=["sigmoid"]),
    "✅ ReLU": dict(fn="relu", span=6.0, compare=["sigmoid"]),
    "🩹 Leaky ReLU": dict(fn="leaky_relu", span=6.0, compare=["relu"]),
}

class Settings(NamedTuple):
    """What the stage's controls are set to: the whole page is redrawn when they change (the sidebar's class link)."""
    span: float
    name: str
    shape: float | None  # the negative side's slope (leaky ReLU, PReLU) or α (ELU); None for the others
    others: tuple[str, ...]


def controls(board: stage.Stage) -> Settings:
    """The stage's controls: the input range, the activation (and its shape, for those that have one) and the
    slopes to compare."""
    shape = None
    with board.main:
        span = widgets.slider("Show inputs from −x to x", "span", 1.0, 20.0, 6.0, 0.5)
        name = widgets.select("Activation", "fn", NAMES, "sigmoid", format_func=LABELS.get)
        if name == "leaky_relu":
            shape = widgets.slider("Negative-side slope", "leak", 0.0, 1.0, 0.01, 0.01,
                                   help="Leaky ReLU usually uses 0.01.")
        elif name == "prelu":
            shape = widgets.slider("Negative-side slope (learned in a real network)", "pslope", 0.0, 1.0, 0.25, 0.01)
        elif name == "elu":
            shape = widgets.slider("α (how low the negative side goes)", "alpha", 0.1, 3.0, 1.0, 0.1)
        others = widgets.multiselect("Compare its slope with", "compare", [n for n in NAMES if n != name], [],
                                     format_func=LABELS.get)
    return Settings(span, name, shape, tuple(others))


def show(chart, s: Settings) -> Settings:
    """The stage's main chart, the function above its slope, and the numbers under it."""
    # the shape goes to the parameter the activation itself names (Leaky ReLU and PReLU: slope; ELU: alpha)
    act = get_activation(s.name, **({k: s.shape for k in ACTIVATIONS[s.name].params} if s.shape is not None else {}))
    x = np.linspace(-s.span, s.span, 801)
    with chart, friendly("drawing the activation"):
        figures.show(pair_figure(act, x, [ACTIVATIONS[o] for o in s.others]), "function_and_slope_chart")

    with chart:
        text.summary(words.numbers_sentence(act, x))
        st.markdown(words.chain_sentence(act, x))
    return s


stage.lead("activations", PRESETS, widgets.set_values)
stage.first("activations", controls, show, more=False)  # a control on the stage redraws its charts first, then all
# of the page; every control of this page is a main one (no "More settings")

stage.intro("activations")
with stage.prose():
    text.show("activations", "facts")
    rows = [{"activation": a.label, "outputs": a.output_range, "best slope": a.max_derivative,
             "flat at both ends?": "yes" if a.saturates else "no"} for a in ACTIVATIONS.values()]
    st.dataframe(rows, hide_index=True)

with stage.maths():
    text.show("activations", "maths")
