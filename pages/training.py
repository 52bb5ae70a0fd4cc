"""Training: who remembers? Real training runs of plain RNN, IRNN, LSTM, GRU and attention, side by side."""

import dataclasses
import uuid

import streamlit as st

from core.jobs import ERROR, QUEUED, JobView, QueueFull, TrainingService
from core.tasks import TASKS
from core.training import MODELS, TrainConfig
from ui import figures, stage, text, widgets
from ui.guard import friendly
from ui.router import use_app_router
from ui.training_figures import grad_figure, loss_figure, saliency_figure
from ui.training_words import grad_sentence, loss_sentence, saliency_sentence, table_rows, verdict

use_app_router()

D = TrainConfig()
DEFAULT_MODELS = ["rnn", "lstm", "gru"]
HIDDEN = [8, 16, 32, 64, 128]
LRS = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 2e-2, 5e-2, 0.1, 0.3, 1.0, 3.0]
STEPS = [20, 50, 100, 200, 300, 400, 600, 800, 1000, 1500, 2000]
CLIPS = [0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0]
WAITING = "press ▶ Run<br>to fill"  # two short lines: a chart beside the controls is narrow at a desk


@st.cache_resource(max_entries=1, show_spinner=False, on_release=TrainingService.close)
def service() -> TrainingService:
    """One training service for everyone on this server: identical runs are shared, distinct ones queue for
    worker processes, and finished runs are kept by their settings (a class pressing Run again sees them at once)."""
    return TrainingService()


@st.cache_resource(max_entries=32, ttl=300, show_spinner=False)
def live_charts(key: tuple, _hists: dict, task_name: str, length: int) -> list:
    """The loss and gradient charts with their sentences, built once per (settings, progress) for every watcher."""
    task = TASKS[task_name]
    return [(loss_figure(_hists, task, length), loss_sentence(_hists, task, length)),
            (grad_figure(_hists), grad_sentence(_hists))]


def stop_job() -> None:
    for cfg in st.session_state.get("train_cfgs", ()):  # a running model stops at its next step: wait for that
        service().stop(cfg, st.session_state["train_watcher"], wait_s=5.0)


def seconds(s: float | None) -> str:
    return "a moment" if s is None or s < 1 else f"{s:.0f} s" if s < 90 else f"{s / 60:.0f} min"


stage.lead("training")
board = stage.Stage()
with board.main:
    length = widgets.slider("Sequence length", "len", 5, 200, D.length, help="How far back the answer hides.")
    task_name = widgets.select("Task", "task", list(TASKS), D.task, format_func=lambda k: TASKS[k].title.split(":")[0])
    models = widgets.multiselect("Models to compare", "models", list(MODELS), DEFAULT_MODELS, format_func=MODELS.get)
with board.more:
    hidden = widgets.select_slider("Hidden size (every model)", "hidden", HIDDEN, D.hidden)
    lr = widgets.select_slider("Learning rate", "lr", LRS, D.lr)
    steps = widgets.select_slider("Training steps (at most; a run ends once solved)", "steps", STEPS, D.steps)
    clip_on = widgets.toggle("Clip gradients", "clip", D.clip is not None,
                             help="Caps the gradient's size: tames EXPLODING gradients, cannot revive vanished ones.")
    clip_at = widgets.select_slider("Clip threshold", "clipat", CLIPS, D.clip or 1.0)
    seed = widgets.seed()

svc = service()
svc.warm()  # someone is here: keep the worker processes (or start them again after a quiet spell)
me = st.session_state.setdefault("train_watcher", uuid.uuid4().hex)  # this session, as the service knows it
configs = {m: svc.normalise(dataclasses.replace(D, task=task_name, length=length, model=m, hidden=hidden, lr=lr,
                                                steps=steps, clip=clip_at if clip_on else None, seed=seed))
           for m in models}
if st.session_state.pop("want_run", False) and models:
    try:
        for cfg in configs.values():
            svc.submit(cfg, me)
        st.session_state["train_cfgs"] = tuple(configs.values())  # a few small settings objects, no arrays
    except QueueFull:
        st.warning("The server is busy: many other runs are waiting. Try again in a minute, "
                   "or pick settings someone has already run.")
mine: tuple[TrainConfig, ...] = st.session_state.get("train_cfgs", ())
views: dict[str, JobView] = {c.model: v for c in mine if (v := svc.watch(c, me)) is not None}
busy = any(v.active for v in views.values())
missing = [cfg for cfg in configs.values() if svc.result(cfg) is None]

with board.main:
    b1, b2 = st.columns(2)
    b3 = st.container()
b1.button("▶ Run", type="primary", disabled=busy or not models, on_click=widgets.set_values, kwargs={"want_run": True})
b2.button("⏹ Stop", disabled=not busy, on_click=stop_job)
if not models:
    b3.info("Pick at least one model to compare.")
elif not busy and missing:
    b3.caption(text.prose("training", "press-run", n=len(missing)))
elif not busy and not any(c in mine for c in configs.values()):
    b3.caption("These exact settings were trained before, so the results are shown at once (same seed, same run).")

# While training, show the job's own settings (a control moved mid-run must not relabel the running curves).
shown = {c.model: c for c in mine} if busy else configs
first = next(iter(shown.values()), None)
task, length = TASKS[first.task if first else task_name], first.length if first else length


def histories(views: dict[str, JobView]) -> dict:
    """Per model: its finished run from the store, else what this session's run has of it so far."""
    runs = {}
    for m, cfg in shown.items():
        view = views.get(m)
        runs[m] = svc.result(cfg) or (view.history if view is not None and view.cfg == cfg else None)
    return {m: h for m, h in runs.items() if h}


def draw(views: dict[str, JobView], live: bool) -> dict:
    hists = histories(views)
    if live:
        for m, cfg in shown.items():
            v = views.get(m)
            if v is not None and v.state == QUEUED:
                st.progress(0.0, text=f"{MODELS[m]}: queued: {v.ahead} ahead, about {seconds(v.eta_s)}")
                continue
            n = hists[m][-1].step if m in hists else 0
            others = f" · {v.watchers} sessions watching" if v is not None and v.watchers > 1 else ""
            st.progress(min(n / cfg.steps, 1.0), text=f"{MODELS[m]}: step {n} of at most {cfg.steps}{others}")
    if hists:
        key = tuple((m, shown[m], len(h)) for m, h in hists.items())
        (loss_fig, loss_words), (grad_fig, grad_words) = live_charts(key, hists, task.name, length)
    else:  # drawn before any run too, empty and labelled, so a class sees what Run will fill
        loss_fig, loss_words = figures.waiting(loss_figure(hists, task, length), True, WAITING), None
        grad_fig, grad_words = figures.waiting(grad_figure(hists), True, WAITING), None
    left, right = st.columns(2)
    with left, friendly("drawing the loss chart"):
        # The stage's main chart: training loss per model.
        figures.show(loss_fig, "loss_chart")
        if loss_words:
            text.summary(loss_words)
    with right, friendly("drawing the gradient chart"):
        figures.show(grad_fig, "grad_chart")
        if grad_words:
            text.summary(grad_words)
    return hists


if busy:
    @st.fragment(run_every=1.0)
    def live() -> None:
        now = {c.model: v for c in mine if (v := svc.watch(c, me)) is not None}
        if not any(v.active for v in now.values()):
            st.rerun()
        draw(now, live=True)

    with board.chart:
        live()
else:
    with board.chart:
        errors = {v.error for v in views.values() if v.state == ERROR and v.cfg in configs.values()}
        if errors:
            st.error("Training failed, so some results are missing. Try other settings. "
                     f"(Details: {'; '.join(errors)})")
        drawn = draw(views, live=False)
    finished = {m: h for m, h in drawn.items() if h[-1].done}
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
                with stage.prose():
                    text.show("training", "saliency")

stage.intro("training")
with stage.maths("Which article claim does each picture test?"):
    text.show("training", "impacts")
with stage.maths():
    text.show("training", "maths")
