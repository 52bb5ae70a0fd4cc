"""The chain of derivatives: backprop multiplies one slope per layer, so many small slopes vanish."""

import streamlit as st

from core.activations import ACTIVATIONS, NAMES, get_activation
from core.chain import ARTICLE_FACTORS, chain_from_activation, chain_from_factors, parse_factors
from ui import chain_words as words
from ui import figures, sweep, text, widgets
from ui.chain_figures import factors_figure, product_figure, product_sweep_figure, product_traces
from ui.fmt import product_text, sci
from ui.guard import friendly
from ui.router import use_app_router

use_app_router()

ARTICLE_TEXT = " × ".join(f"{v:g}" for v in ARTICLE_FACTORS)
DEPTHS = range(1, 101)


@st.cache_data(max_entries=512, show_spinner=False)
def activation_chain(name: str, depth: int, spread: float, weight: float, seed: int, center: float):
    return chain_from_activation(name, depth=depth, spread=spread, weight=weight, seed=seed, center=center)


@st.cache_data(max_entries=32, show_spinner=False)  # ~0.3 MB each
def depth_sweep(name: str, spread: float, weight: float, seed: int, center: float, ceiling: float) -> dict:
    """The product chart's lines at every depth of the slider, for the in-chart sweep (about 0.3 ms each)."""
    return {d: product_traces(chain_from_activation(name, depth=d, spread=spread, weight=weight, seed=seed,
                                                    center=center), ceiling) for d in DEPTHS}


text.show("chain", "intro")
text.show("chain", "sigmoid-fact")

st.subheader("Build a chain")
source = widgets.radio("Where do the factors come from?", "source", ["activation", "typed"], "activation",
                       format_func={"activation": "An activation's slopes", "typed": "Numbers I type"}.get)
b1, b2, b3 = st.columns(3)
b1.button("📄 The article's example", on_click=widgets.set_values,
          kwargs={"source": "typed", "factors": ARTICLE_TEXT}, help="0.21 × 0.11 × 0.06 × 0.11 × 0.15")
b2.button("💥 ReLU explodes", on_click=widgets.set_values,
          kwargs={"source": "activation", "act": "relu", "weight": 1.5, "center": 2.0, "spread": 0.5, "depth": 20})
b3.button("🫥 Sigmoid vanishes", on_click=widgets.set_values,
          kwargs={"source": "activation", "act": "sigmoid", "weight": 1.0, "center": 0.0, "spread": 1.0, "depth": 20})

result = None
if source == "typed":
    text.show("chain", "article")
    typed = widgets.text("Your factors (separate them with spaces, commas or ×)", "factors", ARTICLE_TEXT)
    try:
        result = chain_from_factors(parse_factors(typed))
    except ValueError as err:
        st.error(f"I could not read those numbers. {err}")
    ceiling, ceiling_name, act_label = 0.25, "sigmoid's best: 0.25ⁿ", None
else:
    c1, c2, c3 = st.columns(3)
    with c1:
        act_name = widgets.select("Activation", "act", NAMES, "sigmoid", format_func=lambda n: ACTIVATIONS[n].label)
    with c2:
        depth = widgets.slider("Depth (layers)", "depth", DEPTHS[0], DEPTHS[-1], 20)
    with c3:
        weight = widgets.slider("Weight on every layer", "weight", 0.0, 4.0, 1.0, 0.05,
                                help="Each factor is weight × slope. Above 1 with ReLU, the product explodes.")
    c4, c5, c6 = st.columns(3)
    with c4:
        spread = widgets.slider("Spread of the inputs to each layer", "spread", 0.0, 10.0, 1.0, 0.1,
                                help="How far from 0 the pre-activations land. Far out, sigmoid and tanh are flat.")
    with c5:
        center = widgets.slider("Centre of the inputs", "center", -5.0, 5.0, 0.0, 0.1,
                                help="Shift the inputs. A ReLU whose input is below 0 is off: slope 0.")
    with c6:
        seed = widgets.seed()
    act = get_activation(act_name)
    act_label = act.label
    with friendly("building the chain"):
        result = activation_chain(act_name, depth, spread, weight, seed, center)
    ceiling = weight * act.max_derivative
    ceiling_name = f"best possible: ({sci(ceiling)})ⁿ"
    if act_name == "relu":
        text.show("chain", "relu")

if result is not None:
    st.markdown(f"### {product_text(result.factors, words.total_text(result))}")
    left, right = st.columns(2)
    figures.show(factors_figure(result, ceiling), "factors_chart", left)
    if act_label is None:
        figures.show(product_figure(result, ceiling, ceiling_name), "product_chart", right)
    else:
        with right, friendly("drawing the depth sweep"):
            traces = depth_sweep(act_name, spread, weight, seed, center, ceiling)
            figures.show(product_sweep_figure(traces, result, ceiling, ceiling_name), "product_chart")
            sweep.caption("depth", len(traces), len(DEPTHS))
    text.summary(words.numbers_sentence(result, ceiling, act_label))
    for warning in words.range_warnings(result):
        st.warning(warning)

with st.expander("The maths"):
    text.show("chain", "maths")
