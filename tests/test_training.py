"""The training loop: it streams, it stops when told, it survives divergence, and the default story holds.

Seeded and small; the story test trains the default comparison on a few seeds once (module fixture) and
several tests read from it. All of this file should take well under a minute on 2 cores.
"""

import dataclasses
import itertools
import math
import time

import numpy as np
import pytest
import torch

from core.tasks import TASKS
from core.training import MODELS, OUTCOMES, Progress, SeqModel, TrainConfig, train

TINY = TrainConfig(task="adding", length=10, model="rnn", hidden=8, steps=20, seed=3, stop_when_solved=False)


def run(cfg: TrainConfig, **kw) -> list[Progress]:
    return list(train(cfg, **kw))


def test_config_is_frozen_hashable_and_clip_none_means_off():
    cfg = TrainConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.lr = 1.0  # type: ignore[misc]
    assert hash(cfg) == hash(TrainConfig()) and cfg != dataclasses.replace(cfg, seed=1)
    items = run(dataclasses.replace(TINY, clip=None, lr=0.05))
    assert items[-1].done and items[-1].outcome in OUTCOMES


@pytest.mark.parametrize("model", list(MODELS))
@pytest.mark.parametrize("task", list(TASKS))
def test_streams_one_progress_per_step_and_ends_done(model, task):
    items = run(dataclasses.replace(TINY, model=model, task=task))
    assert [p.step for p in items] == list(range(1, TINY.steps + 1))
    assert not any(p.done for p in items[:-1]) and items[-1].done
    assert items[-1].outcome in ("solved", "not solved")
    assert all(math.isfinite(p.loss) and p.grad_norm > 0 and p.first_step_grad >= 0 for p in items)
    assert len(items[-1].saliency) == TINY.length and all(v >= 0 for v in items[-1].saliency)
    assert items[-1].score is not None and math.isfinite(items[-1].score)


def test_same_seed_same_run_other_seed_other_run():
    a, b = run(TINY), run(TINY)
    c = run(dataclasses.replace(TINY, seed=4))
    assert [p.loss for p in a] == [p.loss for p in b]
    assert [p.loss for p in a] != [p.loss for p in c]


def test_first_step_grad_is_the_gradient_reaching_the_first_input():
    """Recompute |dLoss/dx_1| for the first step with plain autograd on the same model, batch and seed."""
    cfg = dataclasses.replace(TINY, model="gru", steps=1)
    p = run(cfg)[-1]
    task = TASKS[cfg.task]
    torch.manual_seed(cfg.seed)
    model = SeqModel(cfg.model, task.n_inputs, cfg.hidden, task.n_outputs)
    x, y = task.draw(task.generator(cfg.seed * 1_000_003 + 1), cfg.batch, cfg.length)
    x.requires_grad_(True)
    torch.nn.functional.mse_loss(model(x).squeeze(-1), y).backward()
    assert p.first_step_grad == pytest.approx(float(x.grad[:, 0].norm()), rel=1e-5)
    assert p.last_step_grad == pytest.approx(float(x.grad[:, -1].norm()), rel=1e-5)


def test_stop_flag_ends_the_run_as_stopped():
    calls = itertools.count()
    items = run(dataclasses.replace(TINY, steps=10_000), should_stop=lambda: next(calls) >= 5)
    assert items[-1].outcome == "stopped" and items[-1].done
    assert items[-1].step <= 5 and len(items) <= 6


def test_time_budget_ends_the_run_as_timed_out():
    t0 = time.perf_counter()
    items = run(dataclasses.replace(TINY, length=40, steps=1_000_000, time_budget_s=0.3))
    assert items[-1].outcome == "timed out"
    assert 0 < items[-1].step < 1_000_000
    assert time.perf_counter() - t0 < 5  # budget + one step + the held-out check


@pytest.mark.parametrize("model", ["rnn", "irnn", "lstm"])
def test_a_diverging_learning_rate_is_an_outcome_not_a_crash(model):
    items = run(TrainConfig(model=model, lr=3.0, clip=None, length=40, steps=200, seed=0))
    assert items[-1].outcome == "diverged" and items[-1].done
    assert items[-1].step < 200


def test_every_model_learns_a_short_sequence():
    for model in MODELS:
        p = run(TrainConfig(model=model, length=5, steps=600, seed=0))[-1]
        assert p.outcome == "solved", (model, p)
        assert p.score < 0.1 * TASKS["adding"].baseline


@pytest.fixture(scope="module")
def story():
    """The default comparison (TrainConfig() but the model) on three seeds: {(model, seed): last Progress}."""
    return {(m, s): run(dataclasses.replace(TrainConfig(), model=m, seed=s))[-1]
            for s in (0, 1, 2) for m in ("rnn", "lstm", "gru")}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_at_the_default_length_lstm_and_gru_beat_the_plain_rnn_by_far(story, seed):
    base = TASKS["adding"].baseline
    rnn = story["rnn", seed]
    assert rnn.outcome == "not solved" and rnn.score > 0.6 * base  # stays near "learned nothing"
    for m in ("lstm", "gru"):
        assert story[m, seed].outcome == "solved"
        assert story[m, seed].score < rnn.score / 5


def test_the_plain_rnn_only_hears_the_recent_end(story):
    """Saliency: after training, the tanh RNN's answer barely depends on early inputs; LSTM's still does."""
    for s in (0, 1, 2):
        rnn = np.asarray(story["rnn", s].saliency)
        lstm = np.asarray(story["lstm", s].saliency)
        assert rnn[-1] > 100 * (lstm[-1] / lstm[0]) * rnn[0]
        assert story["rnn", s].first_step_grad < story["lstm", s].first_step_grad


@pytest.mark.parametrize("bad", [dict(model="transformer"), dict(task="copying"), dict(length=1),
                                 dict(lr=float("nan")), dict(lr=0.0), dict(clip=0.0), dict(hidden=0)])
def test_impossible_settings_are_refused_plainly(bad):
    with pytest.raises(ValueError):
        next(train(dataclasses.replace(TINY, **bad)))


def test_a_zero_time_budget_still_reports_and_ends():
    items = run(dataclasses.replace(TINY, time_budget_s=0.0))
    assert len(items) == 1 and items[0].done and items[0].outcome == "timed out" and items[0].step == 0
