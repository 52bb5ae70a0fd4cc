"""Backpropagation through time: the gradient's size at every step of a real RNN, LSTM and GRU, as you drag."""

from contextlib import nullcontext
from typing import NamedTuple

import numpy as np
import streamlit as st

from core.activations import ACTIVATIONS, NAMES
from core.rnn import CELLS, INITS, RNNConfig, bptt_gradient_norms, updates_from
from ui import bptt_figures as bf
from ui import bptt_words as words
from ui import figures, stage, sweep, text, widgets
from ui.fmt import sci, sci_log10
from ui.guard import friendly
from ui.router import use_app_router

use_app_router()

# Fine steps near 1, where vanishing turns into exploding; coarse ones far from it.
SCALES = sorted({round(float(v), 2) for v in np.r_[np.arange(0, 0.8, 0.05), np.arange(0.8, 1.2, 0.01),
                                                   np.arange(1.2, 3.01, 0.05)]})
INPUTS = [0.0, 0.1, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0]
SKIPS = [0, 2, 5, 10]  # k: the plain RNN adds c(t−k) to c(t); 0 = no skip path
PRESETS = {
    "🫥 tanh vanishes": dict(act="tanh", scale=0.9, init="orthogonal", cells=["rnn"], steps=50, skip=0),
    "💥 ReLU + identity explodes": dict(act="relu", scale=1.1, init="identity", cells=["rnn"], steps=100, skip=0),
    "📏 Exactly balanced": dict(act="identity", scale=1.0, init="orthogonal", cells=["rnn"], skip=0),
    "🧠 RNN vs LSTM vs GRU": dict(act="tanh", scale=1.0, cells=["rnn", "lstm", "gru"], fb=2.0, steps=100, skip=0),
}


@st.cache_data(max_entries=64, ttl="15m", show_spinner=False)  # ≤ ~1.5 MB each at 500 steps × 256 units
def gradients(cell, steps, hidden, act, scale, init, inp, seed, fb, skip=0):
    return bptt_gradient_norms(RNNConfig(steps=steps, hidden=hidden, activation=act, weight_scale=scale, init=init,
                                         input_scale=inp, seed=seed, cell=cell, forget_bias=fb, skip=skip))


@st.cache_data(max_entries=16, show_spinner=False)  # ≤ ~0.25 MB each (sweep.MAX_POINTS)
def scale_sweep(steps, hidden, act, init, inp, seed, skip, scales: tuple) -> dict:
    """The plain RNN's norms chart at each weight scale of `scales`, for the in-chart sweep (numpy: ~2 ms each)."""
    return {s: bf.norms_traces(bptt_gradient_norms(RNNConfig(steps=steps, hidden=hidden, activation=act,
                                                             weight_scale=s, init=init, input_scale=inp, seed=seed,
                                                             skip=skip)))
            for s in scales}


def rnn_run_ms(steps: int, hidden: int) -> float:
    """About how long one plain-RNN pass takes (measured: 1.8 ms at 50 × 32, 2.9 at 200 × 64, 71 at 500 × 256)."""
    return 1.8 + 2.2e-6 * steps * hidden**2


class Settings(NamedTuple):
    """What the stage's controls are set to (and whether its gradients could be computed): the rest of the page
    draws from these."""
    scale: float
    act: str
    cells: tuple[str, ...]
    steps: int
    hidden: int
    init: str
    inp: float
    fb: float
    skip: int
    seed: int
    ok: bool


def cell_gradients(s: Settings, busy: bool = False) -> list:
    """Every picked cell's gradients (from the cache once the stage has computed them); busy: say so while torch
    runs a gated cell."""
    out = []
    for cell in s.cells:
        spin = st.spinner(f"Running the {CELLS[cell].label} cell through torch autograd…")
        with spin if busy and cell != "rnn" else nullcontext():
            out.append(gradients(cell, s.steps, s.hidden, s.act if cell == "rnn" else "tanh", float(s.scale), s.init,
                                 float(s.inp), int(s.seed), float(s.fb) if cell == "lstm" else 1.0,
                                 skip=int(s.skip) if cell == "rnn" else 0))
    return out


def controls(board: stage.Stage) -> Settings:
    """The stage's controls: the main ones, and the rest under "More settings"."""
    with board.main:
        scale = widgets.select_slider("Weight scale", "scale", SCALES, 1.0, format_func=lambda v: f"{v:g}",
                                      help="How strongly the recurrent weights W_rec stretch the state, step to step.")
        act = widgets.select("Activation (plain RNN)", "act", NAMES, "tanh",
                             format_func=lambda n: ACTIVATIONS[n].label)
        cells = widgets.multiselect("Cells (overlay several)", "cells", CELLS, ["rnn"],
                                    format_func=lambda c: CELLS[c].label,
                                    help="RNN: the plain recurrent network of the articles. LSTM, GRU: gated cells.")
        steps = widgets.slider("Time steps", "steps", 1, 500, 50, help="How long the sequence is.")
    with board.more:
        hidden = widgets.slider("Hidden units", "hidden", 2, 256, 32, help="The size of the memory c(t).")
        init = widgets.select("Weight init", "init", INITS, "orthogonal", help="orthogonal: every singular value "
                              "equals the weight scale; gaussian: Xavier/Glorot, N(0, scale²/H); identity: scale × I "
                              "(IRNN).")
        inp = widgets.select_slider("Input scale", "inp", INPUTS, 1.0, help="How large the inputs x(t) are.",
                                    format_func=lambda v: f"{v:g}")
        fb = widgets.slider("LSTM forget bias", "fb", -2.0, 5.0, 1.0, 0.5, help="0: the forget gate keeps about "
                            "half of the memory each step. Over 100 steps an untrained LSTM keeps about 10⁻⁸ of the "
                            "gradient at bias 1, 10⁻³ at 2, 0.018 to 0.16 at 3.")
        skip = widgets.select_slider("Skip path k (0 = off)", "skip", SKIPS, 0, format_func=str,
                                     help="Plain RNN: adds c(t−k) to c(t), a path that jumps k steps back in time.")
        seed = widgets.seed()
    return Settings(scale, act, tuple(cells or ()), steps, hidden, init, inp, fb, skip, int(seed), ok=False)


def show(chart, s: Settings) -> Settings:
    """The stage's main chart: the gradient's size at every step (with its in-chart sweep), its numbers, the verdict."""
    results = []
    with chart, friendly("computing the gradients"):
        results = cell_gradients(s, busy=True)
        s = s._replace(ok=True)
    cells, steps, hidden, scale = list(s.cells), s.steps, s.hidden, s.scale
    if not cells:
        chart.info("Pick at least one cell (plain RNN, LSTM or GRU) to see its gradient.")
    if not results:
        return s
    main = results[0]
    with chart, friendly("drawing the gradient sizes"):
        # The stage's main chart: the gradient's size at every step (an in-chart sweep for the plain RNN).
        planned = sweep.plan(SCALES, rnn_run_ms(steps, hidden), points_per_step=steps + 5)
        if cells == ["rnn"] and planned:
            traces = scale_sweep(steps, hidden, s.act, s.init, float(s.inp), s.seed, int(s.skip), planned)
            figures.show(bf.norms_sweep_figure(traces, main), "norms_chart")
            sweep.caption("weight scale", len(set(planned) | {scale}), len(SCALES),
                          sweep.why_fewer(rnn_run_ms(steps, hidden), f"one pass for each at {steps} steps × {hidden} "
                                          "units would slow the page down", points_per_step=steps + 5))
        else:
            figures.show(bf.norms_figure(results), "norms_chart")
            st.caption("No in-chart sweep of the weight scale here: " + (
                "it is for the plain RNN alone (the LSTM and GRU run through torch, too slow to precompute for "
                "every weight scale)." if cells != ["rnn"] else
                f"at {steps} steps × {hidden} units each weight scale takes too long to precompute."))
        text.summary(words.norms_sentence(results))
    with chart:
        for r in results:
            box = {"vanishing": st.warning, "exploding": st.error, "stable": st.success}[r.regime]
            box(words.verdict(r), icon="🔎")
            if r.overflowed:
                st.caption("Parts of the curve beyond about 10³⁰⁰ are not drawn: a float64 stores them as ∞. "
                           f"The true size at step 0 is {sci_log10(r.log10_norms[0])}.")
    return s


stage.lead("bptt", PRESETS, widgets.set_values)
settings = stage.first("bptt", controls, show)  # a control on the stage redraws its chart first, then all of the page
scale, act, cells, steps, hidden, init, inp, fb, skip, seed, _ = settings
results = cell_gradients(settings) if settings.ok else []  # the stage has said why, if they could not be computed
if results:
    main = results[0]
    with stage.prose():
        text.show("bptt", "controls-help")
        text.show("bptt", "norms")
    with friendly("drawing the unrolled network"):
        with stage.prose():
            text.show("bptt", "diagram")
        figures.show(bf.diagram_figure(main), "diagram_chart")
        text.summary(words.diagram_sentence(main))
    left, right = st.columns(2)
    with left, friendly("drawing the heatmap"):
        with stage.prose():
            text.show("bptt", "heatmap")
        figures.show(bf.heatmap_figure(main), "heatmap_chart")
        text.summary(words.heatmap_sentence(main, bf.HEAT_UNITS, bf.HEAT_STEPS))
    with right, friendly("drawing the step factors"):
        with stage.prose():
            text.show("bptt", "factors")
        figures.show(bf.factors_figure(results), "factors_chart")
        text.summary(words.factors_sentence(results))
    if any(c != "rnn" for c in cells):
        with stage.prose():
            text.show("bptt", "gated")
        for r in results:
            if r.cfg.cell != "rnn":
                st.markdown(words.gated_sentence(r))
    if skip and "rnn" in cells:
        with stage.prose():
            text.show("bptt", "skip")
stage.intro("bptt")

with stage.prose():
    text.show("bptt", "clipping")
k1, k2 = st.columns(2)
with k1:
    clip = widgets.select_slider("Clipping threshold (largest gradient norm allowed)", "clip",
                                 [0.001, 0.01, 0.1, 1.0, 10.0, 100.0], 1.0, format_func=lambda v: f"{v:g}")
with k2:
    lr = widgets.select_slider("Learning rate", "lr", [0.001, 0.01, 0.1, 1.0], 0.01, format_func=lambda v: f"{v:g}")
with friendly("clipping the plain RNN's gradient"):
    rnn = gradients("rnn", steps, hidden, act, float(scale), init, float(inp), int(seed), 1.0, int(skip))
    u = updates_from(rnn, float(lr), threshold=float(clip))
    figures.show(bf.clip_figure(u), "clip_chart")
    text.summary(words.clip_sentence(u))

with stage.maths(), friendly("writing out the maths"):
    text.show("bptt", "maths")
    if skip:
        text.show("bptt", "maths-skip")
    rnn = gradients("rnn", steps, hidden, act, float(scale), init, float(inp), int(seed), 1.0)
    if not rnn.forward_overflowed:
        st.markdown(words.maths_sentence(rnn))
    else:
        st.markdown(f"(No numbers here: at weight scale {sci(scale)} the state itself overflowed on the way forward.)")
