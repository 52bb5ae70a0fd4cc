"""The training page's words: the verdict per model, the table rows and one "In numbers" sentence per chart.

Built from the Progress items a run yielded; templates come from pages/training.md through ui.prose. No streamlit.
"""

from __future__ import annotations

import numpy as np

from core.tasks import Task
from core.training import MODELS, SOLVED_FRACTION
from ui.fmt import percent, sci
from ui.prose import prose
from ui.training_figures import SMOOTH, History, running_mean, series

EXPECTED_TO_SOLVE = ("irnn", "lstm", "gru", "attention")  # what the articles promise fixes the vanishing
SHORT = 10  # at or below this length a plain RNN copes (checked: solved on seeds 0-2 at 5 and 10, failed at 20)
VANISHED = 1e-2
"""The first input's gradient below this share of the last input's counts as vanished in the failure sentence."""


def first_to_last(hist: History) -> float:
    """|dLoss/dx_1| ÷ |dLoss/dx_T| at the latest step that measured both (nan when none did)."""
    for p in reversed(hist):
        if p.step > 0 and np.isfinite(p.first_step_grad) and np.isfinite(p.last_step_grad) and p.last_step_grad > 0:
            return float(p.first_step_grad / p.last_step_grad)
    return float("nan")


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
        return "problem", prose("training", "verdict-diverged", **values) + " " + prose(
            "training", fix, clip=sci(clip) if clip else "")
    if p.outcome in ("stopped", "timed out"):
        return "halted", prose("training", "verdict-" + p.outcome.replace(" ", "-"), **values)
    if p.outcome == "solved":
        if model == "rnn" and length > SHORT:
            return "surprise", prose("training", "verdict-rnn-solved", **values)
        return "solved", prose("training", "verdict-solved", **values)
    said = prose("training", "verdict-guessing" if _progress(task, p.score, base) < 0.2 else "verdict-partial",
                      **values)
    if model in EXPECTED_TO_SOLVE:
        return "surprise", said + " " + prose("training", "against-articles", **values)
    if length <= SHORT:
        return "surprise", said + " " + prose("training", "short-rnn", **values)
    ratio = first_to_last(hist)
    if np.isfinite(ratio) and ratio >= VANISHED:
        return "expected", said + " " + prose("training", "rnn-failed-not-vanished", ratio=sci(ratio), **values)
    shown = sci(ratio) if np.isfinite(ratio) else "too small to measure"
    return "expected", said + " " + prose("training", "rnn-expected", ratio=shown, **values)


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
        steps, loss = series(hist, "loss")
        if steps.size:
            parts.append(f"{MODELS[model]} {sci(running_mean(loss, SMOOTH)[-1])} at step {int(steps[-1])}")
    return prose("training", "numbers-loss", smooth=SMOOTH, parts=_names(parts), base=sci(task.loss_baseline(length)))


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
    gaps = any(np.any(series(h, "first_step_grad")[1] == 0) for h in histories.values())
    note = " Where the line has gaps, the gradient was exactly 0 in the computer: too small to store." if gaps else ""
    return prose("training", "numbers-grad", parts=_names(parts), note=note)


def saliency_sentence(histories: dict[str, History]) -> str:
    """The saliency chart in words: how much more the last input counts than the first."""
    parts = []
    for model, hist in histories.items():
        sal = np.asarray(hist[-1].saliency, dtype=float) if hist else np.array([])
        if sal.size < 2 or not np.isfinite(sal).all():
            continue
        ratio = f"{sci(sal[-1] / sal[0])}×" if sal[0] > 0 else "∞ (the first input has no measurable effect)"
        parts.append(f"{MODELS[model]} {ratio}")
    return prose("training", "numbers-saliency", parts=_names(parts))
