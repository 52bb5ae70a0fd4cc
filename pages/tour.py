"""The guided tour: the articles' whole story in ten steps, each with its page's live chart and a link to that page.

The step is in the URL (`/tour?step=4`, 1-based; a bad value opens step 1). On some steps the reader guesses
first; the chart then appears with one sentence comparing the guess with the number measured right now.
Guesses live in this session only.
"""

import math

import numpy as np
import streamlit as st

from core.activations import ACTIVATIONS, get_activation
from core.chain import ARTICLE_FACTORS, chain_from_factors
from core.deepnet import relative_update, remedy_pair
from core.rnn import updates_from
from core.training import MODELS, Progress
from ui import bptt_figures as bf
from ui import bptt_words as bw
from ui import deep_figures as df
from ui import deep_words as dw
from ui import figures, measure, stage, text, widgets
from ui.activation_figures import derivative_figure
from ui.chain_figures import factors_figure, product_figure
from ui.fmt import sci, sci_log10
from ui.guard import friendly
from ui.router import use_app_router
from ui.tour_steps import COUNT, STEPS
from ui.training_figures import saliency_figure

use_app_router()


def guess(n: int, question: str, options: dict[str, float | str]) -> str | None:
    """Ask before showing: returns the reader's answer (an option's label), or None until they answer or skip."""
    answer = st.radio(question, list(options), index=None, key=f"guess{n}")
    if answer is None and not st.session_state.get(f"skip{n}"):
        st.button("Just show me", key=f"skipbtn{n}", on_click=widgets.set_values, kwargs={f"skip{n}": True})
        st.caption("Have a guess first: the chart appears as soon as you answer.")
        return None
    return answer or ""


def closest(options: dict[str, float | str], measured: float) -> str:
    """The option nearest the measured number, on a log scale (orders of magnitude are what the guesses test)."""
    lm = math.log10(measured) if measured > 0 else -400.0
    return min(options, key=lambda k: abs(math.log10(options[k]) - lm))


def compare(answer: str, right: str, measured: str, verdict: str = "the closest choice was") -> None:
    """One sentence: the reader's answer beside the measured value."""
    if not answer:
        st.info(f"Measured just now: {measured}, so {verdict} “{right}”.")
    elif answer == right:
        st.success(f"You said “{answer}”: right. Measured just now: {measured}.")
    else:
        st.warning(f"You said “{answer}”; measured just now: {measured}, so {verdict} “{right}”.")


def ask_number(n: int, question: str, options: dict[str, float], measured: float, said: str) -> bool:
    """Ask a how-big question; once answered (or skipped), say the measured number beside the answer."""
    answer = guess(n, question, options)
    if answer is None:
        return False
    compare(answer, closest(options, measured), said)
    return True


def step_update(n: int) -> bool:
    s = STEPS[n - 1].settings
    stats = measure.deep(measure.deep_config(s["act"], s["init"], s["depth"]))
    u = relative_update(stats, s["lr"])
    options = {"the first layer (nearest the input)": 0.0, "the last layer (nearest the output)": 1.0,
               "all layers about the same": 0.5}
    answer = guess(n, "In a 10-layer sigmoid network, which layer's weights does one training step change most?",
                   options)
    if answer is None:
        return False
    ratio = float(u[-1] / u[0]) if u[0] > 0 else math.inf
    right = list(options)[1] if ratio > 3 else list(options)[0] if ratio < 1 / 3 else list(options)[2]
    compare(answer, right, f"the last layer changes {sci(ratio)} times as much as the first", "the answer is")
    figures.show(df.update_figure(stats, s["lr"]), f"tour{n}_chart")
    text.summary(dw.update_sentence(stats, s["lr"]))
    return True


def step_chain(n: int) -> bool:
    result = chain_from_factors(list(ARTICLE_FACTORS))
    if not ask_number(n, "0.21 × 0.11 × 0.06 × 0.11 × 0.15 is about…",
                      {"about 0.1": 0.1, "about 0.001": 1e-3, "about 0.00002": 2e-5}, result.total,
                      f"{result.total:.9f}"):
        return False
    left, right = st.columns(2)
    figures.show(factors_figure(result, 0.25), f"tour{n}_factors", left)
    figures.show(product_figure(result, 0.25, "sigmoid's best: 0.25ⁿ"), f"tour{n}_product", right)
    text.summary(f"Five factors, each below 1, multiply to {result.total:.9f}: the gradient that reaches the first "
                 f"layer is {sci(result.total)} of the one that left the output.")
    return True


def step_slopes(n: int) -> bool:
    sig = get_activation("sigmoid")
    x = np.linspace(-6, 6, 801)
    best = float(sig.df(x).max())
    if not ask_number(n, "What is the steepest slope the sigmoid ever has?", {"1": 1.0, "0.5": 0.5, "0.25": 0.25},
                      best, f"{best:g}, at input 0"):
        return False
    figures.show(derivative_figure(sig, x, [ACTIVATIONS["tanh"], ACTIVATIONS["relu"]]), f"tour{n}_chart")
    text.summary(f"The sigmoid's slope is at most {best:g} and below {sci(float(sig.df(np.array([5.0]))[0]))} "
                 f"beyond ±5; tanh's is at most {float(ACTIVATIONS['tanh'].df(np.array([0.0]))[0]):g}; ReLU's "
                 "is 1 for every positive input and 0 for every negative one.")
    return True


def _rnn(n: int, cell: str = "rnn"):
    s = STEPS[n - 1].settings
    return measure.bptt(measure.rnn_config(cell, s["act"], s["scale"], s["steps"], init=s["init"],
                                           fb=s.get("fb", 1.0)))


def step_unrolled(n: int) -> bool:
    r = _rnn(n)
    figures.show(bf.diagram_figure(r), f"tour{n}_chart")
    text.summary(bw.diagram_sentence(r))
    return True


def step_bptt(n: int) -> bool:
    r = _rnn(n)
    if not ask_number(n, "After 50 steps of a tanh RNN, how big is the gradient that reaches step 0, compared with "
                         "the one at the last step?", {"about 0.5": 0.5, "about 10⁻³": 1e-3, "about 10⁻⁸": 1e-8},
                      10.0 ** r.log10_ratio, f"{sci_log10(r.log10_ratio)} of it"):
        return False
    figures.show(bf.norms_figure([r]), f"tour{n}_chart")
    text.summary(bw.norms_sentence([r]))
    return True


def step_clipping(n: int) -> bool:
    s = STEPS[n - 1].settings
    vanished = _rnn(5)  # the vanishing network of the step before
    vu = updates_from(vanished, s["lr"], threshold=s["clip"])
    before = vu.log10_sizes[0] - vu.log10_sizes[-1]
    after = (vu.log10_sizes[0] + vu.log10_clip_scale) - (vu.log10_sizes[-1] + vu.log10_clip_scale)
    options = {"yes, it lifts the early steps back up": 1.0, "no, it only scales the whole gradient down": 0.0}
    answer = guess(n, "Does clipping bring back a vanished gradient?", options)
    if answer is None:
        return False
    revived = after > before + 1e-9
    right = list(options)[0 if revived else 1]
    compare(answer, right, f"in the vanishing tanh RNN, step 1's share of the update is {sci_log10(before)} of step "
                           f"{vanished.steps}'s before clipping and {sci_log10(after)} after", "the answer is")
    u = updates_from(_rnn(n), s["lr"], threshold=s["clip"])
    figures.show(bf.clip_figure(u), f"tour{n}_chart")
    text.summary(bw.clip_sentence(u))
    return True


INIT_NAMES = {"xavier": "Xavier (Glorot)", "he": "He (Kaiming)", "standard": "old default U(±1/√n)"}


def _remedy(n: int, fix: str):
    s = STEPS[n - 1].settings
    without, with_fix = remedy_pair(measure.deep_config(s["act"], s["init"], s["depth"]), fix)
    return measure.deep(without), measure.deep(with_fix), _name(without, fix), _name(with_fix, fix)


def _name(c, fix: str) -> str:
    """A network's name in a before/after legend, as /deep names it."""
    if fix == "init":
        return f"{INIT_NAMES.get(c.init, c.init)} init"
    on = c.batch_norm if fix == "batch_norm" else c.residual
    return f"{'with' if on else 'without'} {'batch norm' if fix == 'batch_norm' else 'skip connections'}"


def step_init(n: int) -> bool:
    before, after, bname, aname = _remedy(n, "init")
    sig = dw.signal_ratio(before)
    if not ask_number(n, "30 ReLU layers whose weights start the Xavier way: how much of the gradient signal "
                         "reaches the first layer?",
                      {"almost all of it (about 1)": 1.0, "about 1%": 1e-2, "about 10⁻⁵ or less": 1e-5}, sig,
                      f"{sci(sig)} (and {sci(dw.signal_ratio(after))} with He init)"):
        return False
    figures.show(df.remedy_figure(before, after, bname, aname), f"tour{n}_chart")
    text.summary(dw.remedy_sentence(before, after, bname, aname))
    return True


FIX_NAMES = {"batch_norm": "Batch norm", "residual": "Skip connections"}


def step_norm(n: int) -> bool:
    pairs = {fix: _remedy(n, fix) for fix in FIX_NAMES}
    figures.show(df.remedies_figure([(FIX_NAMES[fix], *pair) for fix, pair in pairs.items()]), f"tour{n}_chart")
    text.summary("  \n".join(f"*{FIX_NAMES[fix]}:* {dw.remedy_sentence(*pair)}" for fix, pair in pairs.items()))
    return True


def step_gated(n: int) -> bool:
    results = [_rnn(n, cell) for cell in STEPS[n - 1].settings["cells"]]
    names = {r.cfg.cell: bw.label(r) for r in results}
    answer = guess(n, "Untrained, after 100 steps, which cell passes back the most gradient to step 0?",
                   {v: 0.0 for v in names.values()})
    if answer is None:
        return False
    best = max(results, key=lambda r: r.log10_ratio)
    sizes = "; ".join(f"{bw.label(r)} {sci_log10(r.log10_ratio)}" for r in results)
    compare(answer, bw.label(best), f"the gradient at step 0 is {sizes}", "the answer is")
    figures.show(bf.norms_figure(results), f"tour{n}_chart")
    text.summary(bw.norms_sentence(results))
    return True


def step_attention(n: int) -> bool:
    s = STEPS[n - 1].settings
    hists = {m: [Progress(step=0, loss=float("nan"), grad_norm=float("nan"), first_step_grad=float("nan"), done=True,
                          saliency=tuple(map(float, measure.untrained_saliency(m, s["len"], s["task"]))))]
             for m in s["models"]}
    figures.show(saliency_figure(hists), f"tour{n}_chart")
    ratios = {m: h[-1].saliency[0] / h[-1].saliency[-1] for m, h in hists.items()}
    text.summary("Untrained, the output feels input 1 this much compared with input 50: "
                 + "; ".join(f"{MODELS[m]} {sci(r)}" for m, r in ratios.items()) + ".")
    return True


DRAW = {"update": step_update, "chain": step_chain, "slopes": step_slopes, "unrolled": step_unrolled,
        "bptt": step_bptt, "clipping": step_clipping, "init": step_init, "norm": step_norm, "gated": step_gated,
        "attention": step_attention}

def tour() -> None:
    """The step in the URL: its chart, its words, and the buttons to the steps beside it."""
    n = widgets.select_slider("Tour step", "step", list(range(1, COUNT + 1)), 1,
                              help="Jump to any step; the step is in the page's address, so a link opens it.")
    step = STEPS[n - 1]
    # The step's words and buttons go above its chart, but are sent after it: the browser mounts the chart the class
    # waits for before it renders the step's prose (Markdown is among the costliest elements to render).
    head, body = st.container(), st.container()
    shown = False
    with body, friendly(f"drawing step {n}"):
        shown = DRAW[step.name](n)
    with head:
        st.markdown(f"**Step {n} of {COUNT}**")
        st.subheader(step.title)
        text.show("tour", step.name)
        back, nxt, _ = st.columns([1, 1, 4])
        back.button("← Back", key="tour_back", disabled=n == 1, on_click=widgets.set_values, kwargs={"step": n - 1})
        nxt.button("Next →", key="tour_next", type="primary", disabled=n == COUNT, on_click=widgets.set_values,
                   kwargs={"step": n + 1})
    if shown:  # after the guess: what to look at would give the answer away
        st.markdown(f"**What to look at:** {text.prose('tour', step.name + '-look')}")
    st.markdown(f"[Open this on its page →]({step.link()})")
    if step.name == "attention":
        text.show("tour", "summary")


stage.alone(tour)  # Next, Back, the step slider and the guesses redraw the step first, then the whole page catches up
