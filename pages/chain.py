"""The chain of derivatives: backprop multiplies one slope per layer, so many small slopes vanish."""

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


@st.cache_data(max_entries=32, show_spinner=False)  # ~0.3 MB each
def depth_sweep(name: str, spread: float, weight: float, seed: int, center: float, ceiling: float) -> dict:
    """The product chart's lines at every depth of the slider, for the in-chart sweep (about 0.3 ms each)."""
    return {d: product_traces(chain_from_activation(name, depth=d, spread=spread, weight=weight, seed=seed,
                                                    center=center), ceiling) for d in DEPTHS}


stage.lead("chain", PRESETS, widgets.set_values)
board = stage.Stage()

result = None
with board.main:
    source = widgets.radio("Where do the factors come from?", "source", ["activation", "typed"], "activation",
                           format_func={"activation": "An activation's slopes", "typed": "Numbers I type"}.get)
if source == "typed":
    with board.main:
        typed = widgets.text("Your factors (separate them with spaces, commas or ×)", "factors", ARTICLE_TEXT)
    try:
        result = chain_from_factors(parse_factors(typed))
    except ValueError as err:
        board.chart.error(f"I could not read those numbers. {err}")
    ceiling, ceiling_name, act_label = 0.25, "sigmoid's best: 0.25ⁿ", None
else:
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
    act = get_activation(act_name)
    act_label = act.label
    with friendly("building the chain"):
        result = activation_chain(act_name, depth, spread, weight, seed, center)
    ceiling = weight * act.max_derivative
    ceiling_name = f"best possible: ({sci(ceiling)})ⁿ"

if result is not None:
    with board.chart:
        # The stage's main chart: the running product, layer by layer (an in-chart sweep of the depth).
        if act_label is None:
            figures.show(product_figure(result, ceiling, ceiling_name), "product_chart")
        else:
            with friendly("drawing the depth sweep"):
                traces = depth_sweep(act_name, spread, weight, seed, center, ceiling)
                figures.show(product_sweep_figure(traces, result, ceiling, ceiling_name), "product_chart")
                sweep.caption("depth", len(traces), len(DEPTHS))
        text.summary(words.numbers_sentence(result, ceiling, act_label))
        for warning in words.range_warnings(result):
            st.warning(warning)
    st.markdown(f"#### {product_text(result.factors, words.total_text(result))}")
    figures.show(factors_figure(result, ceiling), "factors_chart")

with stage.prose():
    if source == "typed":
        text.show("chain", "article")
    elif act_name == "relu":
        text.show("chain", "relu")
    text.show("chain", "sigmoid-fact")
stage.intro("chain")
with stage.maths():
    text.show("chain", "maths")
