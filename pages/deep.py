"""Deep networks: measure the gradient at every layer of a real network, beside what the variance rule predicts."""

from dataclasses import replace
from typing import NamedTuple

import streamlit as st

from core import deepnet
from core.activations import ACTIVATIONS, NAMES
from ui import deep_figures as figs
from ui import deep_words as words
from ui import figures, quiet, stage, sweep, text, widgets
from ui.fmt import sci
from ui.guard import friendly
from ui.router import use_app_router

use_app_router()

BATCH = 128  # examples per pass: 128 × width numbers per layer is plenty for a std, and keeps redraws quick
PASS_MS, MIN_BATCH = 150.0, 32  # a big network gets a smaller batch (never below 32), so one pass stays near this
INIT_LABELS = {"small": "Small N(0, 0.01²)", "standard": "Old default U(±1/√n)", "xavier": "Xavier (Glorot)",
               "he": "He (Kaiming)", "orthogonal": "Orthogonal"}
INIT_HELP = ("Small: every weight N(0, 0.01²). Old default: uniform in ±1/√n. Xavier: Var = 2/(fan_in + fan_out). "
             "He: Var = 2/fan_in. Orthogonal: a random rotation. n = units per layer.")
FIX_LABELS = {"batch_norm": "Batch norm", "residual": "Skip connections", "init": "Matched init (He or Xavier)"}
SCALES = (0.1, 0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 4.0)
RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
PRESETS = {
    "🫥 Sigmoid vanishes": dict(act="sigmoid", init="xavier", scale=1.0, bn=False, skip=False, depth=30,
                               fix="batch_norm"),
    "📉 ReLU + Xavier": dict(act="relu", init="xavier", scale=1.0, bn=False, skip=False, depth=30, fix="init"),
    "✅ ReLU + He": dict(act="relu", init="he", scale=1.0, bn=False, skip=False, depth=30, fix="batch_norm"),
    "💥 ReLU + skips, no norm": dict(act="relu", init="he", scale=1.0, bn=False, skip=True, depth=50,
                                    fix="batch_norm"),
    "🤏 Small weights": dict(act="tanh", init="small", scale=1.0, bn=False, skip=False, depth=30, fix="init"),
}


@st.cache_resource(max_entries=300, ttl="15m", show_spinner=False)  # ≤ 1 MB each (512², float32): ≤ 300 MB
def draw(width: int, family: str, seed: int, layer: int):
    """One layer's random draw (the slow part for orthogonal), shared by inits of one family and by every depth."""
    w = deepnet.base_layer(width, {"gaussian": "xavier"}.get(family, family), seed, layer)
    w.setflags(write=False)  # shared by every session: nobody may change it in place
    return w


quiet.forget_when_quiet(draw)  # up to 300 MB of draws: dropped once the server has been quiet a while


@st.cache_data(max_entries=64, ttl="15m", show_spinner=False)
def run(cfg: deepnet.DeepNetConfig) -> deepnet.DeepNetStats:
    family = deepnet.draw_family(cfg.init)
    return deepnet.layer_gradient_stats(cfg, [draw(cfg.width, family, cfg.seed, i) for i in range(cfg.depth)])


def run_ms(cfg: deepnet.DeepNetConfig) -> float:
    """About how long one pass takes (measured: 40 to 100 ms at 20 layers × 256 units × 128 examples)."""
    return 2.5e-7 * cfg.depth * cfg.width**2 * cfg.batch * (1.5 if cfg.batch_norm else 1.0)


def batch_for(depth: int, width: int) -> int:
    """BATCH examples, or fewer (a multiple of 8, at least MIN_BATCH) when a pass of that size would pass PASS_MS:
    one control change on the biggest network (100 × 512) costs a fifth of a second, not a second, for everyone.
    Even 32 examples give 32 × width numbers per layer to take each spread over."""
    cost = run_ms(deepnet.DeepNetConfig(depth=depth, width=width, batch=BATCH, batch_norm=True))
    if cost <= 1.5 * PASS_MS:
        return BATCH
    return max(MIN_BATCH, int(BATCH * PASS_MS / cost) // 8 * 8)


def scale_sweep(cfg: deepnet.DeepNetConfig) -> dict[float, deepnet.DeepNetStats] | None:
    """The network at the weight scales the time budget allows, plus cfg's own, for the in-chart sweep.

    Each pass goes through run(), so the page's own weight-scale slider finds them cached."""
    planned = sweep.plan(SCALES, run_ms(cfg))
    if planned is None:
        return None
    return {s: run(replace(cfg, weight_scale=float(s))) for s in sorted({*planned, cfg.weight_scale})}


@st.fragment
def update_section(stats: deepnet.DeepNetStats) -> None:
    """A fragment: moving the learning rate redraws this chart alone (the network is already measured)."""
    lr = widgets.select_slider("Learning rate", "lr", RATES, 0.01, format_func=sci)
    with friendly("drawing the update per layer"):
        figures.show(figs.update_figure(stats, lr), "update_chart")
        text.summary(words.update_sentence(stats, lr))


def label(c: deepnet.DeepNetConfig, fix: str) -> str:
    if fix == "init":
        return f"{INIT_LABELS[c.init]} init" + ("" if c.weight_scale == 1 else f" × {c.weight_scale:g}")
    on = c.batch_norm if fix == "batch_norm" else c.residual
    return f"{'with' if on else 'without'} {FIX_LABELS[fix].lower()}"


class Settings(NamedTuple):
    """The network the stage's controls describe (None if they could not make one), and whether it could be
    measured: the rest of the page draws from these."""
    cfg: deepnet.DeepNetConfig | None
    ok: bool


class Controls(NamedTuple):
    """What the stage's controls are set to."""
    depth: int
    act: str
    init: str
    scale: float
    bn: bool
    skip: bool
    width: int
    seed: int


def controls(board: stage.Stage) -> Controls:
    """The stage's controls: the main ones, and the network's width and seed under "More settings"."""
    with board.main:
        depth = widgets.slider("Depth (layers)", "depth", 1, 100, 20)
        act = widgets.select("Activation", "act", NAMES, "sigmoid", format_func=lambda n: ACTIVATIONS[n].label)
        init = widgets.select("How the weights start", "init", deepnet.INITS, "xavier", format_func=INIT_LABELS.get,
                              help=INIT_HELP)
        scale = widgets.select_slider("Weight scale (× the init)", "scale", SCALES, 1.0,
                                      help="Multiplies every weight the init draws; 1 is the init as published.")
        bn = widgets.toggle("Batch norm", "bn",
                            help="Normalise each unit's input over the batch, before the activation.")
        skip = widgets.toggle("Skip connections", "skip",
                              help="Each layer adds its input to its output: h ← h + f(z).")
    with board.more:
        width = widgets.slider("Width (units per layer)", "width", 8, 512, 256, 8)
        seed = widgets.seed()
    return Controls(depth, act, init, scale, bn, skip, width, seed)


def show(chart, c: Controls) -> Settings:
    """The stage's main chart: the gradient's size at every layer (with its in-chart sweep), its numbers, the
    verdict."""
    depth, act, init, scale, bn, skip, width, seed = c
    cfg, stats = None, None
    with chart, friendly("measuring the network"):
        cfg = deepnet.DeepNetConfig(depth=depth, width=width, activation=act, init=init, weight_scale=float(scale),
                                    batch_norm=bn, residual=skip, batch=batch_for(depth, width), seed=seed)
        with st.spinner("Running the network forwards and backwards…", show_time=True):  # ≈1 s at 100 × 512
            stats = run(cfg)

    if stats is None:
        return Settings(cfg, ok=False)
    with chart, friendly("drawing the gradient per layer"):
        # The stage's main chart: the gradient's size at every layer (an in-chart sweep of the weight scale).
        runs = scale_sweep(cfg)
        if runs:
            figures.show(figs.gradient_sweep_figure(runs, cfg.weight_scale), "grad_chart")
            sweep.caption("weight scale", len(runs), len(SCALES), f"each is a full pass through {depth} layers × "
                          f"{width} units, and more would slow the page down; fewer layers or units give a finer sweep")
        else:
            figures.show(figs.gradient_figure(stats), "grad_chart")
            st.caption(f"No in-chart sweep of the weight scale at {depth} layers × {width} units: each weight scale "
                       "is a full pass through the network, too slow to precompute here.")
        text.summary(words.gradient_sentence(stats))
        if cfg.batch < BATCH:
            st.caption(f"Measured on a batch of {cfg.batch} examples rather than {BATCH}, so that a network of "
                       f"{depth} layers × {width} units still redraws quickly.")
    with chart:
        kind, said = words.verdict(stats)
        {"vanish": st.warning, "explode": st.error, "flow": st.success}[kind](said)
        if small := words.small_init_sentence(stats):
            st.info(small)
        if stats.overflowed:
            st.warning(text.prose("deep", "overflow"))
        if skip and not bn and act in deepnet.RELU_LIKE:
            st.info(text.prose("deep", "skip-honest", depth=depth, growth=sci(words.signal_ratio(stats))))
    return Settings(cfg, ok=True)


stage.lead("deep", PRESETS, widgets.set_values)
cfg, ok = stage.first("deep", controls, show)  # a control on the stage redraws its chart first, then all of the page
stats = run(cfg) if ok else None  # the stage has said why, if the network could not be measured
if stats is not None:
    depth, act, bn, skip = cfg.depth, cfg.activation, cfg.batch_norm, cfg.residual
    kind, _ = words.verdict(stats)
    with stage.prose():
        text.show("deep", "gradient-chart")
        if bn or skip:
            text.show("deep", "rule-caveat")

    left, right = st.columns(2)
    with left, friendly("drawing the activations"):
        figures.show(figs.distribution_figure(stats), "dist_chart")
        text.summary(words.distribution_sentence(stats))
        with stage.prose():
            text.show("deep", "distributions")
    with right, friendly("drawing the saturation"):
        figures.show(figs.saturation_figure(stats), "sat_chart")
        text.summary(words.saturation_sentence(stats))
        if act == "sigmoid" and kind == "vanish" and stats.activation_saturation.mean() < 0.1:
            text.show("deep", "sigmoid-no-flat")

    st.subheader("One click shows the fix")
    with stage.prose():
        text.show("deep", "remedy")
    fix = widgets.radio("Fix to compare", "fix", deepnet.REMEDIES, "batch_norm", format_func=FIX_LABELS.get)
    with friendly("comparing before and after the fix"):
        without, with_fix = deepnet.remedy_pair(cfg, fix)
        with st.spinner("Running the network with and without the fix…", show_time=True):
            before, after = run(without), run(with_fix)
        names = label(without, fix), label(with_fix, fix)
        figures.show(figs.remedy_figure(before, after, *names), "fix_chart")
        text.summary(words.remedy_sentence(before, after, *names))
        if fix == "init" and act == "sigmoid":
            text.show("deep", "remedy-init-sigmoid")

    st.subheader("What one training step does to each layer")
    with stage.prose():
        text.show("deep", "update")
    update_section(stats)

stage.intro("deep")
with stage.maths():
    text.show("deep", "maths")
