"""Charts, table rows and plain verdicts for the training page, built from the Progress items a run yielded."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from threading import Lock

import numpy as np
import plotly.graph_objects as go

from core.tasks import Task
from core.training import MODELS, SOLVED_FRACTION, Progress
from ui import figures, text
from ui.fmt import percent, sci

SMOOTH = 20  # the loss chart shows the average of the last SMOOTH steps: single batches are noisy
EXPECTED_TO_SOLVE = ("irnn", "lstm", "gru", "attention")  # what the articles promise fixes the vanishing
SHORT = 10  # at or below this length a plain RNN copes (checked: solved on seeds 0-2 at 5 and 10, failed at 20)

History = Sequence[Progress]


class ResultStore:
    """A small thread-safe LRU of finished runs, keyed by their TrainConfig: a second Run is instant."""

    def __init__(self, max_entries: int = 64):
        self.max_entries = max_entries
        self._runs: OrderedDict = OrderedDict()
        self._lock = Lock()

    def get(self, cfg) -> tuple[Progress, ...] | None:
        with self._lock:
            run = self._runs.get(cfg)
            if run is not None:
                self._runs.move_to_end(cfg)
            return run

    def put(self, cfg, history: History) -> None:
        with self._lock:
            self._runs[cfg] = tuple(history)
            self._runs.move_to_end(cfg)
            while len(self._runs) > self.max_entries:
                self._runs.popitem(last=False)


def _running_mean(values: np.ndarray, k: int) -> np.ndarray:
    """Mean of the last k values at every point (fewer at the start); NaN stays out of the average."""
    v = np.where(np.isfinite(values), values, 0.0)
    ok = np.isfinite(values).astype(float)
    cs, cn = np.concatenate([[0.0], np.cumsum(v)]), np.concatenate([[0.0], np.cumsum(ok)])
    idx = np.arange(1, len(values) + 1)
    lo = np.maximum(idx - k, 0)
    n = cn[idx] - cn[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (cs[idx] - cs[lo]) / np.maximum(n, 1), np.nan)


MAX_POINTS = 400  # per line: more is invisible on screen and slows every live redraw


def _series(history: History, name: str) -> tuple[np.ndarray, np.ndarray]:
    steps = np.array([p.step for p in history if p.step > 0], dtype=float)
    vals = np.array([getattr(p, name) for p in history if p.step > 0], dtype=float)
    return steps, vals


def _thin(steps: np.ndarray, vals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every k-th point (always keeping the last), so a line has at most about MAX_POINTS points."""
    k = int(np.ceil(len(steps) / MAX_POINTS)) if len(steps) else 1
    if k <= 1:
        return steps, vals
    idx = np.unique(np.append(np.arange(0, len(steps), k), len(steps) - 1))
    return steps[idx], vals[idx]


def loss_figure(histories: dict[str, History], task: Task, length: int) -> go.Figure:
    """Training loss per model (running mean) against the loss of a model that learned nothing."""
    fig = figures.figure("Training loss", "training step", f"loss, mean of last {SMOOTH} steps (log)", log_y=True)
    arrays = []
    for i, (model, hist) in enumerate(histories.items()):
        steps, loss = _series(hist, "loss")
        steps, smooth = _thin(steps, _running_mean(loss, SMOOTH))
        arrays.append(smooth)
        figures.add_line(fig, steps, smooth, MODELS[model], i, positive=True)
    base = task.loss_baseline(length)
    figures.add_hline(fig, base, f"learned nothing: {sci(base)}")
    figures.power_ticks(fig, *figures.log_range(*arrays, [base]))
    return fig


def grad_figure(histories: dict[str, History]) -> go.Figure:
    """Size of the gradient that reaches the first input, step by step: where the plain RNN's signal dies."""
    fig = figures.figure("Gradient reaching step 1", "training step", "|∂loss/∂x₁| (log scale)", log_y=True)
    arrays = []
    for i, (model, hist) in enumerate(histories.items()):
        steps, g = _thin(*_series(hist, "first_step_grad"))
        arrays.append(g)
        figures.add_line(fig, steps, g, MODELS[model], i, positive=True, width=2)
    figures.power_ticks(fig, *figures.log_range(*arrays))
    return fig


def saliency_figure(histories: dict[str, History]) -> go.Figure:
    """After training: how much the answer moves when input t is nudged, for every position t."""
    fig = figures.figure("What each trained model looks at", "input position t (1 = first)",
                         "|∂output/∂xₜ| (log scale)", log_y=True)
    arrays = []
    for i, (model, hist) in enumerate(histories.items()):
        sal = np.asarray(hist[-1].saliency, dtype=float) if hist else np.array([])
        if sal.size:
            arrays.append(sal)
            figures.add_line(fig, np.arange(1, sal.size + 1), sal, MODELS[model], i, positive=True, width=2)
    if arrays:
        figures.power_ticks(fig, *figures.log_range(*arrays))
    return fig


def score_text(task: Task, score: float | None) -> str:
    if score is None or not np.isfinite(score):
        return "—"
    return percent(score) if task.kind == "classification" else sci(score)


def table_rows(histories: dict[str, History], task: Task, length: int) -> list[dict]:
    """One row per finished model: its held-out score, what that means, how long it took."""
    rows = []
    for model, hist in histories.items():
        if not hist or not hist[-1].done:
            continue
        p = hist[-1]
        rows.append({
            "model": MODELS[model],
            "outcome": p.outcome,
            f"held-out {task.score_name}": score_text(task, p.score),
            "learned nothing": score_text(task, task.baseline),
            "solved at step": "—" if p.solved_step is None else str(p.solved_step),
            "steps": p.step,
            "seconds": f"{p.seconds:.1f}",
        })
    return rows


def verdict(model: str, hist: History, task: Task, length: int, lr: float,
            clip: float | None = None) -> tuple[str, str]:
    """(kind, sentence) per model. kind: "solved", "expected" (failed where the articles say it fails),
    "surprise" (the run goes against the articles: said plainly, never hidden), "halted" (stopped, timed out),
    "problem" (diverged)."""
    p = hist[-1]
    name, base = MODELS[model], task.baseline
    values = dict(name=name, steps=p.step, score=score_text(task, p.score), base=score_text(task, base),
                  lr=sci(lr), solved_step=p.solved_step, length=length, what=task.score_name,
                  bar=score_text(task, _bar(task, base)))
    if p.outcome == "diverged":
        fix = "diverged-clip-on" if clip else "diverged-clip-off"
        return "problem", text.prose("training", "verdict-diverged", **values) + " " + text.prose(
            "training", fix, clip=sci(clip) if clip else "")
    if p.outcome in ("stopped", "timed out"):
        return "halted", text.prose("training", "verdict-" + p.outcome.replace(" ", "-"), **values)
    if p.outcome == "solved":
        if model == "rnn" and length > SHORT:
            return "surprise", text.prose("training", "verdict-rnn-solved", **values)
        return "solved", text.prose("training", "verdict-solved", **values)
    said = text.prose("training", "verdict-guessing" if _progress(task, p.score, base) < 0.2 else "verdict-partial",
                      **values)
    if model in EXPECTED_TO_SOLVE:
        return "surprise", said + " " + text.prose("training", "against-articles", **values)
    if length <= SHORT:
        return "surprise", said + " " + text.prose("training", "short-rnn", **values)
    return "expected", said + " " + text.prose("training", "rnn-expected", **values)


def _bar(task: Task, base: float) -> float:
    """The score a run must reach to count as solved."""
    perfect = 0.0 if task.kind == "regression" else 1.0
    return perfect + (base - perfect) * SOLVED_FRACTION


def _progress(task: Task, score: float | None, base: float) -> float:
    """0 = no better than learning nothing, 1 = perfect."""
    if score is None or not np.isfinite(score):
        return 0.0
    perfect = 0.0 if task.kind == "regression" else 1.0
    return float(1.0 - (score - perfect) / (base - perfect))


def _names(parts: list[str]) -> str:
    return "; ".join(parts) if parts else "nothing yet"


def loss_sentence(histories: dict[str, History], task: Task, length: int) -> str:
    """The loss chart in words: where each model's smoothed loss ended, next to the know-nothing line."""
    parts = []
    for model, hist in histories.items():
        steps, loss = _series(hist, "loss")
        if steps.size:
            parts.append(f"{MODELS[model]} {sci(_running_mean(loss, SMOOTH)[-1])} at step {int(steps[-1])}")
    return (f"Training loss, averaged over the last {SMOOTH} steps: {_names(parts)}. "
            f"A model that learned nothing scores {sci(task.loss_baseline(length))}.")


def grad_sentence(histories: dict[str, History]) -> str:
    """The gradient chart in words: how much of the last input's gradient reaches the first input."""
    parts = []
    for model, hist in histories.items():
        p = next((q for q in reversed(hist) if q.step > 0 and np.isfinite(q.first_step_grad)), None)
        if p is None:
            continue
        if p.first_step_grad == 0:
            parts.append(f"{MODELS[model]} 0: smaller than the smallest number the computer stores (about 10⁻⁴⁵), "
                         "it vanished completely")
            continue
        ratio = p.first_step_grad / p.last_step_grad if p.last_step_grad > 0 else float("nan")
        share = f" ({sci(ratio)} of what reaches the last input)" if np.isfinite(ratio) else ""
        parts.append(f"{MODELS[model]} {sci(p.first_step_grad)}{share}")
    gaps = any(np.any(_series(h, "first_step_grad")[1] == 0) for h in histories.values())
    note = " Where the line has gaps, the gradient was exactly 0 in the computer: too small to store." if gaps else ""
    return f"Gradient reaching the first input at the latest step: {_names(parts)}.{note}"


def saliency_sentence(histories: dict[str, History]) -> str:
    """The saliency chart in words: how much more the last input counts than the first."""
    parts = []
    for model, hist in histories.items():
        sal = np.asarray(hist[-1].saliency, dtype=float) if hist else np.array([])
        if sal.size < 2 or not np.isfinite(sal).all():
            continue
        ratio = f"{sci(sal[-1] / sal[0])}×" if sal[0] > 0 else "∞ (the first input has no measurable effect)"
        parts.append(f"{MODELS[model]} {ratio}")
    return ("How many times more the answer moves for a nudge to the last input than to the first: "
            f"{_names(parts)}. Near 1 means the model weighs the whole sequence; huge means only the recent end.")
