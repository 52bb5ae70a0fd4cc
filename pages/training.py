"""Training: who remembers? Real training runs of plain RNN, IRNN, LSTM, GRU and attention, side by side."""

import dataclasses

import streamlit as st

from core.tasks import TASKS
from core.training import MODELS, Comparison, TrainConfig
from ui import figures, text, widgets
from ui.guard import friendly
from ui.router import use_app_router
from ui.training_figures import ResultStore, grad_figure, loss_figure, saliency_figure
from ui.training_words import grad_sentence, loss_sentence, saliency_sentence, table_rows, verdict

use_app_router()

D = TrainConfig()
DEFAULT_MODELS = ["rnn", "lstm", "gru"]
HIDDEN = [8, 16, 32, 64, 128]
LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.3, 1.0, 3.0]
STEPS = [20, 50, 100, 200, 300, 400, 600, 800, 1000, 1500, 2000]
CLIPS = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0]


@st.cache_resource
def results() -> ResultStore:
    """Finished runs for everyone on this server, by settings: a class pressing Run again sees them at once."""
    return ResultStore(max_entries=64)


def stop_job() -> None:
    if job := st.session_state.get("train_job"):
        job.stop()


text.show("training", "intro")
c1, c2, c3 = st.columns(3)
with c1:
    task_name = widgets.select("Task", "task", list(TASKS), D.task, format_func=lambda k: TASKS[k].title.split(":")[0])
    length = widgets.slider("Sequence length", "len", 5, 200, D.length, help="How far back the answer hides.")
    models = widgets.multiselect("Models to compare", "models", list(MODELS), DEFAULT_MODELS, format_func=MODELS.get)
with c2:
    hidden = widgets.select_slider("Hidden size (every model)", "hidden", HIDDEN, D.hidden)
    lr = widgets.select_slider("Learning rate", "lr", LRS, D.lr)
    steps = widgets.select_slider("Training steps (at most; a run ends once solved)", "steps", STEPS, D.steps)
with c3:
    clip_on = widgets.toggle("Clip gradients", "clip", D.clip is not None,
                             help="Caps the gradient's size: tames EXPLODING gradients, cannot revive vanished ones.")
    clip_at = widgets.select_slider("Clip threshold", "clipat", CLIPS, D.clip or 1.0)
    seed = widgets.seed()

configs = {m: dataclasses.replace(D, task=task_name, length=length, model=m, hidden=hidden, lr=lr, steps=steps,
                                  clip=clip_at if clip_on else None, seed=seed) for m in models}
store = results()
job: Comparison | None = st.session_state.get("train_job")
if job and job.stopping:
    job.wait(10)
if job and not job.running:  # keep finished runs for everyone (stopped or timed-out ones are incomplete: not kept)
    for cfg, hist in job.histories.items():
        if hist and hist[-1].done and hist[-1].outcome in ("solved", "not solved", "diverged"):
            store.put(cfg, hist)
missing = [cfg for cfg in configs.values() if store.get(cfg) is None]
if st.session_state.pop("want_run", False) and missing and not (job and job.running):
    job = st.session_state["train_job"] = Comparison(missing).start()
busy = bool(job and job.running)

b1, b2, b3 = st.columns([1, 1, 4])
b1.button("▶ Run", type="primary", disabled=busy or not models, on_click=widgets.set_values, kwargs={"want_run": True})
b2.button("⏹ Stop", disabled=not busy, on_click=stop_job)
if not models:
    b3.info("Pick at least one model to compare.")
elif not busy and missing:
    b3.caption(text.prose("training", "press-run", n=len(missing)))
elif not busy and not (job and any(c in job.histories for c in configs.values())):
    b3.caption("These exact settings were trained before, so the results are shown at once (same seed, same run).")

# While training, show the job's own settings (a control moved mid-run must not relabel the running curves).
shown = {c.model: c for c in job.configs} if busy else configs
first = next(iter(shown.values()), None)
task, length = TASKS[first.task if first else task_name], first.length if first else length


def histories() -> dict:
    """Per model: its finished run from the store, else what the current job has of it so far."""
    runs = {m: store.get(cfg) or (job.histories.get(cfg) if job else None) for m, cfg in shown.items()}
    return {m: list(h) for m, h in runs.items() if h}


def draw(live: bool) -> None:
    hists = histories()
    if live:
        for m, cfg in shown.items():
            n = hists[m][-1].step if m in hists else 0
            st.progress(min(n / cfg.steps, 1.0), text=f"{MODELS[m]}: step {n} of at most {cfg.steps}")
    if not hists:
        return
    left, right = st.columns(2)
    with left, friendly("drawing the loss chart"):
        figures.show(loss_figure(hists, task, length), "loss_chart")
        text.summary(loss_sentence(hists, task, length))
    with right, friendly("drawing the gradient chart"):
        figures.show(grad_figure(hists), "grad_chart")
        text.summary(grad_sentence(hists))


if busy:
    @st.fragment(run_every=1.0)
    def live() -> None:
        if not job.running:
            st.rerun()
        draw(live=True)

    live()
else:
    if job and job.error:
        st.error(f"Training failed, so some results are missing. Try other settings. (Details: {job.error})")
    draw(live=False)
    finished = {m: h for m, h in histories().items() if h[-1].done}
    if finished:
        st.subheader("Results")
        st.table(table_rows(finished, task, length))
        for m, h in finished.items():
            kind, sentence = verdict(m, h, task, length, shown[m].lr, shown[m].clip)
            {"solved": st.success, "expected": st.info, "surprise": st.warning, "halted": st.warning,
             "problem": st.error}[kind](sentence)
        with_saliency = {m: h for m, h in finished.items() if h[-1].saliency}
        if with_saliency:
            with friendly("drawing the saliency chart"):
                figures.show(saliency_figure(with_saliency), "saliency_chart")
                text.summary(saliency_sentence(with_saliency))
                text.show("training", "saliency")

with st.expander("Which article claim does each picture test?"):
    text.show("training", "impacts")
with st.expander("The maths"):
    text.show("training", "maths")
