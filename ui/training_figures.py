"""Charts for the training page, from the Progress items a run yielded (their words are in ui.training_words)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from core.tasks import Task
from core.training import MODELS, Progress
from ui import figures
from ui.fmt import sci

SMOOTH = 20  # the loss chart shows the average of the last SMOOTH steps: single batches are noisy

History = Sequence[Progress]


def running_mean(values: np.ndarray, k: int) -> np.ndarray:
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


def series(history: History, name: str) -> tuple[np.ndarray, np.ndarray]:
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
        steps, loss = series(hist, "loss")
        steps, smooth = _thin(steps, running_mean(loss, SMOOTH))
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
        steps, g = _thin(*series(hist, "first_step_grad"))
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
