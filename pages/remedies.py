"""What fixes it: every remedy the articles name, what it changes, which problem it solves, measured before/after.

Every number is measured now by the same core code as the page the link opens, with the settings in that link.
"""

import streamlit as st

from core.activations import ACTIVATIONS
from core.deepnet import remedy_pair
from core.rnn import updates_from
from core.training import MODELS
from ui import measure, text
from ui.deep_words import signal_ratio
from ui.fmt import sci, sci_log10
from ui.guard import friendly
from ui.links import page_link
from ui.router import use_app_router

use_app_router()

DEPTH = 30
STEPS = 100
LENGTH = 50
PROBLEM = {"vanishing": "🫥 vanishing", "exploding": "💥 exploding", "both": "🫥 vanishing and 💥 exploding"}


def deep_fix(act: str, init: str, fix: str) -> tuple[float, float]:
    """/deep's first-layer signal without and with one fix (its 'One click shows the fix' section)."""
    without, with_fix = remedy_pair(measure.deep_config(act, init, DEPTH), fix)
    return signal_ratio(measure.deep(without)), signal_ratio(measure.deep(with_fix))


def init_row(act: str, init: str) -> str:
    before, after = deep_fix(act, init, "init")
    start = {"small": "tiny N(0, 0.01²) weights", "xavier": "Xavier weights"}[init]
    fixed = "Xavier (Glorot)" if act != "relu" else "He"
    return (f"{DEPTH} {ACTIVATIONS[act].label} layers, first-layer signal: {sci(before)} with {start} → "
            f"**{sci(after)}** with {fixed} init")


def relu_row() -> str:
    base = signal_ratio(measure.deep(measure.deep_config("sigmoid", "xavier", DEPTH)))
    after = {a: signal_ratio(measure.deep(measure.deep_config(a, "he", DEPTH)))
             for a in ("relu", "leaky_relu", "prelu", "elu")}
    names = {"relu": "ReLU", "leaky_relu": "Leaky ReLU", "prelu": "PReLU", "elu": "ELU"}
    return (f"{DEPTH} layers, first-layer signal: {sci(base)} with sigmoid → "
            + ", ".join(f"**{sci(v)}** with {names[a]}" for a, v in after.items()) + " (He init)")


def deep_row(fix: str, name: str) -> str:
    before, after = deep_fix("sigmoid", "xavier", fix)
    return f"{DEPTH} sigmoid layers, first-layer signal: {sci(before)} → **{sci(after)}** with {name}"


def clip_row() -> str:
    boom = measure.bptt(measure.rnn_config("rnn", "relu", 1.1, STEPS, init="identity"))
    u = updates_from(boom, 0.01, threshold=1.0)
    fade = measure.bptt(measure.rnn_config("rnn", "tanh", 0.9, 50))
    v = updates_from(fade, 0.01, threshold=1.0)
    gap = sci_log10(v.log10_sizes[0] - v.log10_sizes[-1])
    gap_clipped = sci_log10((v.log10_sizes[0] + v.log10_clip_scale) - (v.log10_sizes[-1] + v.log10_clip_scale))
    return (f"ReLU RNN, {STEPS} steps, learning rate 0.01: update size {sci_log10(u.log10_total)} → "
            f"**{sci_log10(u.log10_total + u.log10_clip_scale)}** clipped at 1. A vanishing tanh RNN: step 1's "
            f"share is {gap} of step 50's before clipping and **{gap_clipped}** after: nothing revived")


def cell_row(cell: str) -> str:
    rnn = measure.bptt(measure.rnn_config("rnn", "tanh", 1.0, STEPS))
    gated = measure.bptt(measure.rnn_config(cell, "tanh", 1.0, STEPS, fb=2.0))
    name = "LSTM (forget bias 2)" if cell == "lstm" else "GRU"
    verdict = "" if gated.log10_ratio > rnn.log10_ratio + 3 else \
        (f" — only {sci_log10(gated.log10_ratio - rnn.log10_ratio)} times better: untrained, its gate keeps "
         f"{gated.mean_gate:.2f} of the memory per step on average, so the gradient still fades; training "
         "teaches the gate to keep (see it on the training page)")
    return (f"untrained, {STEPS} steps, gradient reaching step 0: {sci_log10(rnn.log10_ratio)} with a plain RNN → "
            f"**{sci_log10(gated.log10_ratio)}** with {'an' if cell == 'lstm' else 'a'} {name}{verdict}")


def attention_row() -> str:
    ratio = {m: float(s[0] / s[-1]) if s[-1] > 0 else float("nan")
             for m in ("rnn", "attention") for s in [measure.untrained_saliency(m, LENGTH)]}
    return (f"untrained, {LENGTH} steps, how much the output feels input 1 vs input {LENGTH}: {sci(ratio['rnn'])} "
            f"with a {MODELS['rnn']} → **{sci(ratio['attention'])}** with {MODELS['attention']}")


ROWS = [  # name, problem, what it changes (pages/remedies.md section), measurement, link
    ("Xavier / Glorot initialisation", "both", "xavier", lambda: init_row("tanh", "small"),
     page_link("deep", act="tanh", init="small", depth=DEPTH, fix="init")),
    ("He initialisation", "both", "he", lambda: init_row("relu", "xavier"),
     page_link("deep", act="relu", init="xavier", depth=DEPTH, fix="init")),
    ("Gradient clipping", "exploding", "clipping", clip_row,
     page_link("bptt", act="relu", scale=1.1, init="identity", cells=["rnn"], steps=STEPS, clip=1.0, lr=0.01)),
    ("ReLU and its variants (Leaky ReLU, PReLU, ELU)", "vanishing", "relu", relu_row,
     page_link("activations", fn="sigmoid", compare=["relu", "leaky_relu", "prelu", "elu"])),
    ("Skip connections", "vanishing", "skip", lambda: deep_row("residual", "skip connections"),
     page_link("deep", act="sigmoid", init="xavier", depth=DEPTH, fix="residual")),
    ("Batch normalisation", "both", "batch-norm", lambda: deep_row("batch_norm", "batch norm"),
     page_link("deep", act="sigmoid", init="xavier", depth=DEPTH, fix="batch_norm")),
    ("LSTM", "vanishing", "lstm", lambda: cell_row("lstm"),
     page_link("bptt", act="tanh", scale=1.0, init="orthogonal", cells=["rnn", "lstm"], fb=2.0, steps=STEPS)),
    ("GRU", "vanishing", "gru", lambda: cell_row("gru"),
     page_link("bptt", act="tanh", scale=1.0, init="orthogonal", cells=["rnn", "gru"], steps=STEPS)),
    ("Attention", "vanishing", "attention", attention_row,
     page_link("training", task="adding", len=LENGTH, models=["rnn", "attention"])),
]

text.show("remedies", "intro")
for name, problem, section, measured, link in ROWS:
    with st.container(border=True):
        left, right = st.columns([2, 3])
        left.markdown(f"#### {name}\n\n**Fixes:** {PROBLEM[problem]}\n\n[See it before and after →]({link})")
        with right:
            text.show("remedies", section)
            with friendly(f"measuring {name.lower()}"):
                st.markdown(f"**Measured now:** {measured()}.")

st.caption(text.prose("remedies", "signal"))
