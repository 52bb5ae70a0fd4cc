"""The chain of derivatives: backprop multiplies one slope per layer, so many small slopes vanish."""

from typing import NamedTuple

import streamlit as st

from core.activations import ACTIVATIONS, NAMES, get_activation
from core.chain import ARTICLE_FACTORS, chain_from_activation, chain_from_factors, parse_factors
from ui import chain_words as words
from ui import figures, stage, sweep, text, widgets
from ui.chain_figures import factors_figure, product_figure, product_sweep_figure, product_traces
from ui.fmt import product_text, sci
from ui.guard import friendly
from ui.router import use_app_router

use_app_router()

ARTICLE_TEXT = " × ".join(f"{v:g}" for v in ARTICLE_FACTORS)
DEPTHS = range(1, 101)
PRESETS = {
    "📄 The article's example": dict(source="typed", factors=ARTICLE_TEXT),
    "💥 ReLU explodes": dict(source="activation", act="relu", weight=1.5, center=2.0, spread=0.5, depth=20),
    "🫥 Sigmoid vanishes": dict(source="activation", act="sigmoid", weight=1.0, center=0.0, spread=1.0, depth=20),
}


@st.cache_data(max_entries=512, show_spinner=False)
def activation_chain(name: str, depth: int, spread: float, weight: float, seed: int, center: float):
    return chain_from_activation(name, depth=depth, spread=spread, weight=weight, seed=seed, center=center)


SWEPT = sweep.plan(DEPTHS, cost_ms=0.3)  # the depths on the in-chart sweep's rail (at most sweep.MAX_STEPS)


@st.cache_data(max_entries=32, show_spinner=False)  # ~0.15 MB each
def depth_sweep(name: str, spread: float, weight: float, seed: int, center: float, ceiling: float) -> dict:
    """The product chart's lines at the depths of SWEPT, for the in-chart sweep (about 0.3 ms each)."""
    return {d: product_traces(chain_from_activation(name, depth=d, spread=spread, weight=weight, seed=seed,
                                                    center=center), ceiling) for d in SWEPT}


class Settings(NamedTuple):
    """What the stage's controls are set to (typed factors, or an activation's chain; the other's fields are None),
    and whether a chain could be built from them: the rest of the page draws from these."""
    source: str
    typed: str | None = None
    depth: int | None = None
    act: str | None = None
    weight: float | None = None
    spread: float | None = None
    center: float | None = None
    seed: int | None = None
    ok: bool = False


def chain_of(s: Settings):
    """The chain, its best possible product's factor (the ceiling), that line's name, and the activation's label
    (None for typed factors). Typed factors that cannot be read raise ValueError."""
    if s.source == "typed":
        return chain_from_factors(parse_factors(s.typed)), 0.25, "sigmoid's best: 0.25ⁿ", None
    act = get_activation(s.act)
    ceiling = s.weight * act.max_derivative
    return (activation_chain(s.act, s.depth, s.spread, s.weight, s.seed, s.center), ceiling,
            f"best possible: ({sci(ceiling)})ⁿ", act.label)


def controls(board: stage.Stage) -> Settings:
    """The stage's controls: the source of the factors, and the typed factors or the activation's settings."""
    with board.main:
        source = widgets.radio("Where do the factors come from?", "source", ["activation", "typed"], "activation",
                               format_func={"activation": "An activation's slopes", "typed": "Numbers I type"}.get)
    if source == "typed":
        with board.main:
            return Settings(source, typed=widgets.text("Your factors (separate them with spaces, commas or ×)",
                                                       "factors", ARTICLE_TEXT))
    with board.main:
        depth = widgets.slider("Depth (layers)", "depth", DEPTHS[0], DEPTHS[-1], 20)
        act_name = widgets.select("Activation", "act", NAMES, "sigmoid", format_func=lambda n: ACTIVATIONS[n].label)
        weight = widgets.slider("Weight on every layer", "weight", 0.0, 4.0, 1.0, 0.05,
                                help="Each factor is weight × slope. Above 1 with ReLU, the product explodes.")
    with board.more:
        spread = widgets.slider("Spread of the inputs to each layer", "spread", 0.0, 10.0, 1.0, 0.1,
                                help="How far from 0 the pre-activations land. Far out, sigmoid and tanh are flat.")
        center = widgets.slider("Centre of the inputs", "center", -5.0, 5.0, 0.0, 0.1,
                                help="Shift the inputs. A ReLU whose input is below 0 is off: slope 0.")
        seed = widgets.seed()
    return Settings(source, depth=depth, act=act_name, weight=weight, spread=spread, center=center, seed=seed)


def show(chart, s: Settings) -> Settings:
    """The stage's main chart: the running product (with its in-chart sweep of the depth) and the numbers under it."""
    result = None
    if s.source == "typed":
        try:
            result, ceiling, ceiling_name, act_label = chain_of(s)
        except ValueError as err:
            chart.error(f"I could not read those numbers. {err}")
            return s
    else:
        with chart, friendly("building the chain"):
            result, ceiling, ceiling_name, act_label = chain_of(s)
        if result is None:
            return s
    with chart:
        # The stage's main chart: the running product, layer by layer (an in-chart sweep of the depth).
        if act_label is None:
            figures.show(product_figure(result, ceiling, ceiling_name), "product_chart")
        else:
            with friendly("drawing the depth sweep"):
                traces = depth_sweep(s.act, s.spread, s.weight, s.seed, s.center, ceiling)
                figures.show(product_sweep_figure(traces, result, ceiling, ceiling_name), "product_chart")
                sweep.caption("depth", len(set(traces) | {s.depth}), len(DEPTHS), sweep.RAIL)
        text.summary(words.numbers_sentence(result, ceiling, act_label))
        for warning in words.range_warnings(result):
            st.warning(warning)
    return s._replace(ok=True)


stage.lead("chain", PRESETS, widgets.set_values)
settings = stage.first("chain", controls, show)  # a control on the stage redraws its chart first, then all of the page
if settings.ok:
    result, ceiling, _, _ = chain_of(settings)
    st.markdown(f"#### {product_text(result.factors, words.total_text(result))}")
    figures.show(factors_figure(result, ceiling), "factors_chart")

with stage.prose():
    if settings.source == "typed":
        text.show("chain", "article")
    elif settings.act == "relu":
        text.show("chain", "relu")
    text.show("chain", "sigmoid-fact")
stage.intro("chain")
with stage.maths():
    text.show("chain", "maths")
